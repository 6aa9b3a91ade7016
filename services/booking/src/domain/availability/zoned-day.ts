import { dateAsUtc, DAY, formatClock, MINUTE, MINUTES_PER_DAY } from './local-calendar';
import { formatOffset, formatRfc3339, offsetAt, PROBE } from './zoned-time';

/**
 * One local day in a zone, for many conversions. Its offsets are read once: the offset before and
 * after the day and, when they differ, the instant of the change between them (found by bisection).
 * Every conversion after that is arithmetic.
 */
export class ZonedDay {
  private readonly midnight: number;
  private readonly offsetBefore: number;
  private readonly offsetAfter: number;
  /** The first instant with `offsetAfter`; +Infinity when the day has no change. */
  private readonly change: number;
  private readonly offsetBeforeText: string;
  private readonly offsetAfterText: string;

  constructor(readonly date: string, readonly zone: string) {
    this.midnight = dateAsUtc(date);
    this.offsetBefore = offsetAt(this.midnight - PROBE, zone);
    this.offsetAfter = offsetAt(this.midnight + DAY + PROBE, zone);
    this.change = this.offsetBefore === this.offsetAfter ? Infinity : this.findChange();
    this.offsetBeforeText = formatOffset(this.offsetBefore);
    this.offsetAfterText = formatOffset(this.offsetAfter);
  }

  /** Earliest instant at that wall-clock minute of this day (1440 = next midnight); null in a gap. */
  instantAt(minute: number): number | null {
    const wall = this.midnight + minute * MINUTE;
    const early = wall - this.offsetBefore;
    if (early < this.change) return early;
    const late = wall - this.offsetAfter;
    return late >= this.change ? late : null;
  }

  /** The first instant at which this day's wall clock reads `minute` or later: in a gap, the end of the gap. */
  firstAtOrAfter(minute: number): number {
    return this.instantAt(minute) ?? this.change;
  }

  /** RFC 3339 with the offset in force at the instant; pure arithmetic when it falls on this date. */
  format(instant: number): string {
    const offset = this.offsetAt(instant);
    const minute = (instant + offset - this.midnight) / MINUTE;
    if (!Number.isInteger(minute) || minute < 0 || minute >= MINUTES_PER_DAY) return formatRfc3339(instant, offset);
    const text = offset === this.offsetBefore ? this.offsetBeforeText : offset === this.offsetAfter ? this.offsetAfterText : formatOffset(offset);
    return `${this.date}T${formatClock(minute)}:00${text}`;
  }

  /** The offset at an instant of this day (or within the probe margin around it). */
  offsetAt(instant: number): number {
    const near = instant >= this.midnight - PROBE && instant <= this.midnight + DAY + PROBE;
    if (!near) return offsetAt(instant, this.zone);
    return instant < this.change ? this.offsetBefore : this.offsetAfter;
  }

  private findChange(): number {
    let lo = Math.floor((this.midnight - PROBE) / 1000);
    let hi = Math.ceil((this.midnight + DAY + PROBE) / 1000);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(mid * 1000, this.zone) === this.offsetAfter) hi = mid;
      else lo = mid;
    }
    return hi * 1000;
  }
}

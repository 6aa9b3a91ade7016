import { cacheKeys, type Redis } from '@omotenashi/cache';
import { addDays, type SchedulingData } from '../domain/scheduling';

/** Questions are grouped by 14-day block of their first date; a window is its block and the next. */
const BLOCK_DAYS = 14;
const WINDOW_DAYS = 2 * BLOCK_DAYS;
const DAY_MS = 86_400_000;
/**
 * A bound on top of the version check, should a catalog event ever be lost: the seed's TTL for business
 * data (profile, settings, hours: 5 min), the staleness it already accepts for this data. It was 30 s,
 * which in the mixed load left most cold questions calling the catalog (0.42 GetSchedulingData calls
 * per request): a popular service's window was rarely asked twice within 30 s.
 */
export const MAX_AGE_MS = 5 * 60_000;
/** Windows remembered (business × service × 28 days; a few KiB each), least recently used out first. */
export const MAX_ENTRIES = 4_000;

/** What the catalog knows for the dates `fromDate`…`toDate` (the caller adds its own margin). */
export type SchedulingLoader = (fromDate: string, toDate: string) => Promise<SchedulingData>;

/** The 28-day window (from a 14-day boundary) holding `fromDate`…`toDate`, or undefined when none does. */
export function schedulingWindow(fromDate: string, toDate: string): { from: string; to: string } | undefined {
  const firstDay = Math.floor(Date.parse(`${fromDate}T00:00:00Z`) / DAY_MS);
  if (!Number.isFinite(firstDay)) return undefined;
  const from = new Date((firstDay - (((firstDay % BLOCK_DAYS) + BLOCK_DAYS) % BLOCK_DAYS)) * DAY_MS).toISOString().slice(0, 10);
  const to = addDays(from, WINDOW_DAYS - 1);
  return toDate <= to ? { from, to } : undefined;
}

/**
 * The booking server's memory of the catalog's calendar data, so that a cold availability question costs
 * one allocations query and the engine, and a booking its own transaction, not also a catalog call.
 *
 * Entries are keyed by the business's availability version (`availability:{businessId}:version`), the
 * same counter every catalog change bumps (availability-invalidation.handler.ts): after a catalog change,
 * the next question reads fresh data, exactly when the cached answers it would otherwise have produced
 * are forgotten. So this adds no staleness the availability cache does not already have. Questions are
 * fetched for a whole 28-day window, so the many dates of one business share one entry. Booking creation
 * and rescheduling read it too (scheduling-context.ts): a booking is judged on the calendar its guest was
 * shown. They read allocations live, and the exclusion constraint still decides every overlap.
 */
export class SchedulingDataCache {
  private readonly entries = new Map<string, { at: number; data: Promise<SchedulingData> }>();

  constructor(
    private readonly redis: Redis,
    /** This service's Redis key prefix (`keyPrefix(REDIS_KEY_PREFIX, 'booking')`). */
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  async read(businessId: string, serviceId: string, fromDate: string, toDate: string, load: SchedulingLoader): Promise<SchedulingData> {
    const window = schedulingWindow(fromDate, toDate);
    if (!window) return load(fromDate, toDate);
    let version: string | null;
    try {
      version = await this.redis.get(this.prefix + cacheKeys.availabilityVersion(businessId));
    } catch {
      return load(fromDate, toDate); // Redis down: no version to trust, so no memory either
    }
    const key = `${businessId}:${serviceId}:${window.from}:${version ?? '0'}`;
    const found = this.entries.get(key);
    if (found && this.now() - found.at < MAX_AGE_MS) {
      // Most recently used last: Map keeps insertion order, so eviction takes the oldest first.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found.data;
    }
    const data = load(window.from, window.to);
    this.entries.set(key, { at: this.now(), data });
    // Concurrent questions share the one load (the promise is the entry); a failed load is not kept.
    data.catch(() => {
      if (this.entries.get(key)?.data === data) this.entries.delete(key);
    });
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    return data;
  }

  get size(): number {
    return this.entries.size;
  }
}

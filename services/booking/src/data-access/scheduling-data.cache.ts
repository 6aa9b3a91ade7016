import { cacheKeys, type Redis } from '@omotenashi/cache';
import { addDays, serviceCalendar, type BusinessCalendar, type SchedulingData } from '../domain/scheduling';
import type { CalendarLoaders } from '../domain/use-cases/scheduling-context';

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
/**
 * Windows remembered (business × 28 days, every service, staff and resource of the business: tens of
 * KiB for a large one), least recently used out first.
 */
export const MAX_ENTRIES = 2_000;

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
 * An entry is a whole business over a 28-day window (from a 14-day boundary): every service, every
 * active person and resource (GetSchedulingData with whole_business), so every service and date of the
 * business shares it; a service's part is cut from it as the catalog would answer for that service alone
 * (scheduling.ts serviceCalendar). A service the entry doesn't know (created since) is asked of the
 * catalog directly, as is a question that runs past the window.
 *
 * Entries are keyed by the business's availability version (`availability:{businessId}:version`), the
 * same counter every catalog change bumps (availability-invalidation.handler.ts): after a catalog change,
 * the next question reads fresh data, exactly when the cached answers it would otherwise have produced
 * are forgotten. So this adds no staleness the availability cache does not already have. Booking creation
 * and rescheduling read it too (scheduling-context.ts): a booking is judged on the calendar its guest was
 * shown. They read allocations live, and the exclusion constraint still decides every overlap.
 */
export class SchedulingDataCache {
  private readonly entries = new Map<string, { at: number; data: Promise<BusinessCalendar> }>();

  constructor(
    private readonly redis: Redis,
    /** This service's Redis key prefix (`keyPrefix(REDIS_KEY_PREFIX, 'booking')`). */
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  async read(businessId: string, serviceId: string, fromDate: string, toDate: string, load: CalendarLoaders): Promise<SchedulingData> {
    const window = schedulingWindow(fromDate, toDate);
    if (!window) return load.service(fromDate, toDate);
    let version: string | null;
    try {
      version = await this.redis.get(this.prefix + cacheKeys.availabilityVersion(businessId));
    } catch {
      return load.service(fromDate, toDate); // Redis down: no version to trust, so no memory either
    }
    const whole = await this.business(`${businessId}:${window.from}:${version ?? '0'}`, () => load.business(window.from, window.to));
    return serviceCalendar(whole, serviceId) ?? load.service(fromDate, toDate);
  }

  private business(key: string, load: () => Promise<BusinessCalendar>): Promise<BusinessCalendar> {
    const found = this.entries.get(key);
    if (found && this.now() - found.at < MAX_AGE_MS) {
      // Most recently used last: Map keeps insertion order, so eviction takes the oldest first.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found.data;
    }
    const data = load();
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

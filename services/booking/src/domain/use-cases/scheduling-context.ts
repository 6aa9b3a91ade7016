import { CommonErrors, isAppError } from '@omotenashi/errors';
import type { GrpcClient } from '@omotenashi/grpc';
import type { catalogV1 } from '@omotenashi/proto';
import type { AllocationReader } from '../../data-access/booking-allocations';
import { addDays, occupiedRange, SCHEDULE_PAD_DAYS, type BookedAllocation, type BusinessCalendar, type SchedulingData } from '../scheduling';

/**
 * Where the catalog's calendar data may be remembered (a memory keyed by the business's availability
 * version, see data-access/scheduling-data.cache.ts); `load` asks the catalog.
 */
export interface CalendarMemory {
  read(businessId: string, serviceId: string, fromDate: string, toDate: string, load: CalendarLoaders): Promise<SchedulingData>;
}

/** How a calendar memory asks the catalog: for one service, or for the whole business at once. */
export interface CalendarLoaders {
  service(fromDate: string, toDate: string): Promise<SchedulingData>;
  business(fromDate: string, toDate: string): Promise<BusinessCalendar>;
}

/** What availability, booking and rescheduling read: the catalog over gRPC, allocations from our own tables. */
export interface SchedulingDeps {
  catalog: GrpcClient<catalogV1.CatalogServiceClient>;
  allocations: AllocationReader;
  /**
   * The catalog's calendar as last read, valid until the next catalog change bumps the business's
   * availability version. Absent: every question, booking and reschedule reads the catalog.
   */
  calendar?: CalendarMemory;
}

/** Everything the catalog knows that the engine needs for the local dates `fromDate`…`toDate` (plus a margin). */
export async function readSchedulingData(deps: SchedulingDeps, businessId: string, serviceId: string, fromDate: string, toDate: string): Promise<SchedulingData> {
  const data = await deps.catalog.call('getSchedulingData', {
    businessId,
    serviceId,
    fromDate: addDays(fromDate, -SCHEDULE_PAD_DAYS),
    toDate: addDays(toDate, SCHEDULE_PAD_DAYS),
    wholeBusiness: false,
  });
  const { business, service } = data;
  if (!business || !service) throw CommonErrors.internal(new Error('catalog.GetSchedulingData answered without business or service'));
  return { ...data, business, service };
}

/** The same for every service of the business at once (GetSchedulingData with whole_business). */
export async function readBusinessCalendar(deps: SchedulingDeps, businessId: string, fromDate: string, toDate: string): Promise<BusinessCalendar> {
  const data = await deps.catalog.call('getSchedulingData', {
    businessId,
    serviceId: '',
    fromDate: addDays(fromDate, -SCHEDULE_PAD_DAYS),
    toDate: addDays(toDate, SCHEDULE_PAD_DAYS),
    wholeBusiness: true,
  });
  const { business } = data;
  if (!business) throw CommonErrors.internal(new Error('catalog.GetSchedulingData answered without business'));
  return { ...data, business };
}

/** Catalog data for `fromDate`…`toDate`: from the calendar memory when there is one, else from the catalog. */
export function readCalendar(deps: SchedulingDeps, businessId: string, serviceId: string, fromDate: string, toDate: string): Promise<SchedulingData> {
  const service = (from: string, to: string) => readSchedulingData(deps, businessId, serviceId, from, to);
  if (!deps.calendar) return service(fromDate, toDate);
  return deps.calendar.read(businessId, serviceId, fromDate, toDate, {
    service,
    business: (from, to) => readBusinessCalendar(deps, businessId, from, to),
  });
}

/**
 * Catalog data around an instant whose local date is not known yet (it is within a day of its UTC date).
 * Bookings and reschedules read it through the calendar memory like availability does: they are judged
 * on the same calendar the guest was just shown, and a catalog change reaches both at the same moment
 * (its event bumps the version the memory is keyed by). Overlaps never depend on it: allocations are
 * read live and the exclusion constraint has the last word.
 */
export function readSchedulingAround(deps: SchedulingDeps, businessId: string, serviceId: string, instant: Date): Promise<SchedulingData> {
  const utcDate = instant.toISOString().slice(0, 10);
  return readCalendar(deps, businessId, serviceId, addDays(utcDate, -1), addDays(utcDate, 1));
}

/** Active allocations any slot of those local dates could run into, in one indexed query. */
export function readAllocations(deps: SchedulingDeps, data: SchedulingData, fromDate: string, toDate: string): Promise<BookedAllocation[]> {
  const { from, to } = occupiedRange(data.service, fromDate, toDate);
  return deps.allocations.overlapping(data.business.id, from, to);
}

/** Whether the person performs the service and the catalog knows their schedule (active, not terminated). */
export function performs(data: SchedulingData, staffId: string): boolean {
  return data.service.staffIds.includes(staffId) && data.staff.some((person) => person.id === staffId);
}

export const isSlotTaken = (error: unknown) => isAppError(error) && error.code === 'BOOKING.SLOT_TAKEN';

/**
 * Picks, then writes. When the write loses a race for what was picked (the exclusion constraint said
 * 23P01, i.e. SLOT_TAKEN), picks once more from a fresh read: another stylist or room may still be free.
 */
export async function writeWithFreshPick<C, T>(choose: () => Promise<C>, write: (choice: C) => Promise<T>, mayRetry: boolean): Promise<T> {
  const choice = await choose();
  try {
    return await write(choice);
  } catch (error) {
    if (!mayRetry || !isSlotTaken(error)) throw error;
    return write(await choose());
  }
}

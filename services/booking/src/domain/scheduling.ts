import type { catalogV1 } from '@omotenashi/proto';
import type { Allocation, AvailabilityInput, AvailabilityQuery, BusinessHours, WeeklyInterval } from './availability';

const DAY_MS = 24 * 3_600_000;
/** Local midnights lie within ±14 h of UTC midnight (UTC−12 … UTC+14). */
const ZONE_SLACK_MS = 14 * 3_600_000;
/**
 * Days of catalog data read around the asked dates: the engine looks at neighbouring days for buffers
 * and services that cross midnight (up to 3 days for a 24-hour service with 4-hour buffers).
 */
export const SCHEDULE_PAD_DAYS = 3;

/** GetSchedulingData with the two messages the catalog always sends. */
export type SchedulingData = catalogV1.GetSchedulingDataResponse & { business: catalogV1.Business; service: catalogV1.Service };

/** GetSchedulingData with whole_business: every service, every active person and resource of the business. */
export type BusinessCalendar = catalogV1.GetSchedulingDataResponse & { business: catalogV1.Business };

/**
 * One service's part of a whole-business answer: what GetSchedulingData would answer for that service
 * alone (the staff who perform it, the active resources of the kinds it needs), or undefined when the
 * business has no such service.
 */
export function serviceCalendar(whole: BusinessCalendar, serviceId: string): SchedulingData | undefined {
  const service = whole.services.find((candidate) => candidate.id === serviceId);
  if (!service) return undefined;
  return {
    ...whole,
    service,
    services: [],
    staff: whole.staff.filter((person) => person.serviceIds.includes(service.id)),
    resources: whole.resources.filter((resource) => resource.isActive && service.resourceKinds.includes(resource.kind)),
  };
}

/** An active allocation as the engine reads it, plus the booking it belongs to. */
export type BookedAllocation = Allocation & { bookingId: string; startsAt: Date; endsAt: Date };

/**
 * A business that never set weekly hours takes bookings around the clock (closures, holidays and staff
 * schedules still apply): that is how bookings worked before availability existed, and the catalog
 * cannot tell "not set yet" from "closed every day", which would be an odd way to stop taking bookings.
 */
const AROUND_THE_CLOCK: WeeklyInterval[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));

/** Needs neither staff nor resources: then a one-to-one service is its own single resource. */
export function isStandalone({ service }: SchedulingData): boolean {
  return service.staffIds.length === 0 && service.resourceKinds.length === 0;
}

/** The policy defaults booking creation applies too (checkBookingWindow). */
export function schedulingPolicy(policy: catalogV1.BookingPolicy | undefined) {
  return {
    minNoticeMinutes: policy?.minNoticeMinutes ?? 0,
    bookingHorizonDays: policy?.bookingHorizonDays ?? 90,
    slotIntervalMinutes: policy?.slotIntervalMinutes || 30,
  };
}

function hoursOf(data: SchedulingData): BusinessHours {
  const weekly = data.hours?.weekly.map(({ weekday, opens, closes }) => ({ weekday, opens, closes })) ?? [];
  const closed = data.closures.filter((c) => !c.opens || !c.closes);
  const special = data.closures.filter((c) => c.opens && c.closes);
  return {
    weekly: weekly.length ? weekly : AROUND_THE_CLOCK,
    closures: closed.map((c) => ({ from: c.fromDate, to: c.toDate, reason: c.reason })),
    specialDays: special.map((c) => ({ from: c.fromDate, to: c.toDate, opens: c.opens, closes: c.closes })),
    holidays: data.holidays.map((h) => h.date),
  };
}

/** The engine's input: the catalog's view of the business and service, and what bookings already hold. */
export function availabilityInput(data: SchedulingData, allocations: Allocation[], query: AvailabilityQuery): AvailabilityInput {
  const { business, service } = data;
  return {
    business: { timezone: business.timezone, policy: schedulingPolicy(business.policy) },
    service: {
      id: service.id,
      durationMinutes: service.durationMinutes,
      bufferBeforeMinutes: service.bufferBeforeMinutes,
      bufferAfterMinutes: service.bufferAfterMinutes,
      capacity: service.capacity,
      requiredResourceKinds: service.resourceKinds,
      staffIds: service.staffIds,
    },
    hours: hoursOf(data),
    staff: data.staff.map((person) => ({
      id: person.id,
      weekly: person.schedule.map(({ weekday, opens, closes }) => ({ weekday, opens, closes })),
      timeOff: person.timeOff.map(({ startsAt, endsAt }) => ({ startsAt, endsAt })),
    })),
    resources: data.resources.filter((r) => r.isActive).map(({ id, kind, capacity }) => ({ id, kind, capacity })),
    allocations,
    query,
  };
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Instants any slot of the local dates `fromDate`…`toDate` can occupy, buffers included, in any zone. */
export function occupiedRange(service: catalogV1.Service, fromDate: string, toDate: string): { from: Date; to: Date } {
  const minute = 60_000;
  return {
    from: new Date(Date.parse(`${fromDate}T00:00:00Z`) - ZONE_SLACK_MS - service.bufferBeforeMinutes * minute),
    to: new Date(Date.parse(`${addDays(toDate, 1)}T00:00:00Z`) + ZONE_SLACK_MS + (service.durationMinutes + service.bufferAfterMinutes) * minute),
  };
}

/**
 * What the availability engine reads and returns. Plain data on purpose: the booking service maps
 * catalog gRPC messages and its own allocation rows into these, and nothing here knows about either.
 */

/** A point in time: a `Date`, or an RFC 3339 string that carries its offset (`…T10:00:00+09:00`, `…Z`). */
export type Instant = Date | string;

/** A local calendar date in the business's zone, `YYYY-MM-DD`. */
export type LocalDate = string;

export interface BookingPolicy {
  /** A slot must start at least this long after `now`. */
  minNoticeMinutes: number;
  /** A slot must start at most this many days (of 24 h) after `now`, the rule booking creation applies too. */
  bookingHorizonDays: number;
  /** Slots start every this many minutes, counted in local time from the opening of each open interval. */
  slotIntervalMinutes: number;
}

export interface AvailabilityBusiness {
  /** IANA zone, e.g. `Asia/Tokyo`; days, hours and the returned offsets are in it. */
  timezone: string;
  policy: BookingPolicy;
}

export interface AvailabilityService {
  id: string;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  /** 1 = one customer at a time; N = a class or table with N seats. */
  capacity: number;
  /** One free resource of each kind is needed (duplicates count once). */
  requiredResourceKinds: string[];
  /** Who performs the service; empty = no staff needed. */
  staffIds: string[];
}

/** `HH:MM` to `HH:MM` on an ISO weekday (1 = Monday … 7 = Sunday); `closes` may be `24:00`. */
export interface WeeklyInterval {
  weekday: number;
  opens: string;
  closes: string;
}

/** Closed all day from `from` to `to`, both included. */
export interface Closure {
  from: LocalDate;
  to: LocalDate;
  reason?: string;
}

/** On each date from `from` to `to` (included) these hours replace the weekly ones; repeat for several intervals. */
export interface SpecialDay {
  from: LocalDate;
  to: LocalDate;
  opens: string;
  closes: string;
}

export interface BusinessHours {
  weekly: WeeklyInterval[];
  closures: Closure[];
  specialDays: SpecialDay[];
  /** Dates the business is closed for its holiday rule, already filtered by the caller. */
  holidays: LocalDate[];
}

export interface TimeSpan {
  startsAt: Instant;
  endsAt: Instant;
}

export interface AvailabilityStaff {
  id: string;
  /** The person's working week; empty = works whenever the business is open. */
  weekly: WeeklyInterval[];
  timeOff: TimeSpan[];
}

export interface AvailabilityResource {
  id: string;
  kind: string;
  capacity: number;
}

export type AllocationSubjectKind = 'service' | 'staff' | 'resource';

/** Time something is already taken by a live booking or hold; buffers are already included. */
export interface Allocation {
  subjectKind: AllocationSubjectKind;
  subjectId: string;
  startsAt: Instant;
  endsAt: Instant;
  /** Party size of the booking (counts against a capacity service's seats). */
  seats: number;
  /**
   * The service of the booking holding this allocation. For a capacity service, a staff or resource
   * allocation of the same service over exactly the same period is that session itself: later guests join it.
   */
  serviceId?: string;
}

export interface AvailabilityQuery {
  fromDate: LocalDate;
  /** 1–31 local days from `fromDate`. */
  days: number;
  now: Instant;
  /** The customer chose this person; must be one of the service's staff. */
  staffId?: string;
  /** Defaults to 1. */
  partySize?: number;
}

export interface AvailabilityInput {
  business: AvailabilityBusiness;
  service: AvailabilityService;
  hours: BusinessHours;
  staff: AvailabilityStaff[];
  resources: AvailabilityResource[];
  allocations: Allocation[];
  query: AvailabilityQuery;
}

export interface AvailableSlot {
  /** RFC 3339 with the business's offset at that instant, e.g. `2027-03-14T10:00:00-04:00`. */
  startsAt: string;
  /** `startsAt` + duration (buffers excluded), with the offset in force then. */
  endsAt: string;
  /** Staff free for the whole slot including buffers, in the service's order. */
  staffIds: string[];
  /** Every free resource of the required kinds, in input order. */
  resourceIds: string[];
  /**
   * Capacity service: seats left. One-to-one: how many bookings still fit at this start, i.e. the free
   * performers, or fewer when a required resource kind has fewer free (free resources when no staff is
   * needed; 1 when neither staff nor resources are).
   */
  remaining: number;
}

export interface AvailabilityResult {
  slots: AvailableSlot[];
}

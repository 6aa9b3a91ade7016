import { CommonErrors, type FieldError } from '@omotenashi/errors';
import type { PolicySnapshot } from './booking-policy';
import { BookingErrors } from './booking.errors';

export type BookingStatus = 'held' | 'pending_approval' | 'confirmed' | 'cancelled' | 'expired' | 'completed' | 'no_show';

/** Statuses that occupy their slot. */
export const ACTIVE_STATUSES: BookingStatus[] = ['held', 'pending_approval', 'confirmed'];
export const BOOKING_STATUSES: BookingStatus[] = [...ACTIVE_STATUSES, 'cancelled', 'expired', 'completed', 'no_show'];

export type ActorKind = 'business' | 'guest' | 'system';

/** A cancellation as recorded on the booking. */
export interface Cancellation {
  cancelledAt: Date;
  cancelledBy: ActorKind;
  reason: string;
  feeAmount: number;
  refundAmount: number;
}

export interface CustomerInput {
  name: string;
  email: string;
  phone: string;
  locale: string;
}

export interface BookingRequest {
  businessId: string;
  serviceId: string;
  startsAt: string;
  staffId: string;
  partySize: number;
  customer: CustomerInput;
  notes: string;
}

export interface Booking {
  id: string;
  businessId: string;
  serviceId: string;
  customerId: string;
  status: BookingStatus;
  startsAt: Date;
  endsAt: Date;
  bookingDate: string;
  staffId: string | null;
  resourceIds: string[];
  partySize: number;
  priceAmount: number;
  currency: string;
  holdExpiresAt: Date | null;
  notes: string;
  createdAt: Date;
  updatedAt: Date;
  /** What was agreed when booking (policy and price); absent only in answers replayed from before it existed. */
  policy: PolicySnapshot;
  cancellation: Cancellation | null;
  /** The payment that confirmed a held booking. */
  paymentId: string | null;
  rescheduleCount: number;
}

export const RFC3339_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LOCALES = ['ja', 'en'];

/** Shape checks the gateway also makes; the service repeats them because it trusts no caller. */
export function checkBookingRequest(request: BookingRequest): { startsAt: Date } {
  const fields: FieldError[] = [];
  const startsAt = new Date(request.startsAt);
  if (!RFC3339_WITH_OFFSET.test(request.startsAt) || Number.isNaN(startsAt.getTime())) {
    fields.push({ pointer: '/starts_at', detail: 'must be an RFC 3339 time with an offset, e.g. 2026-12-01T10:00:00+09:00' });
  }
  if (!Number.isInteger(request.partySize) || request.partySize < 1) fields.push({ pointer: '/party_size', detail: 'must be at least 1' });
  if (!request.customer.name.trim()) fields.push({ pointer: '/customer/name', detail: 'is required' });
  if (!EMAIL.test(request.customer.email)) fields.push({ pointer: '/customer/email', detail: 'must be an email address' });
  if (request.customer.locale && !LOCALES.includes(request.customer.locale)) {
    fields.push({ pointer: '/customer/locale', detail: 'must be ja or en' });
  }
  if (request.notes.length > 2000) fields.push({ pointer: '/notes', detail: 'must be at most 2000 characters' });
  if (fields.length) throw CommonErrors.validation(fields);
  return { startsAt };
}

/** The calendar date of an instant in the business's time zone (YYYY-MM-DD). */
export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

const MINUTE = 60_000;

/** The business's booking window: at least `minNoticeMinutes` ahead, at most `horizonDays` ahead. */
export function checkBookingWindow(startsAt: Date, now: Date, policy: { minNoticeMinutes?: number; bookingHorizonDays?: number }): void {
  const minNotice = policy.minNoticeMinutes ?? 0;
  const horizonDays = policy.bookingHorizonDays ?? 90;
  if (startsAt.getTime() < now.getTime() + minNotice * MINUTE) throw BookingErrors.tooSoon(minNotice);
  if (startsAt.getTime() > now.getTime() + horizonDays * 24 * 60 * MINUTE) throw BookingErrors.beyondHorizon(horizonDays);
}

/** A booking needing neither prepayment nor approval is confirmed at once (DESIGN §3). */
export function initialStatus(requiresApproval: boolean, prepayment: string): BookingStatus {
  if (prepayment !== 'none') return 'held';
  return requiresApproval ? 'pending_approval' : 'confirmed';
}

/** An RFC 3339 instant with an offset, or a field error at `pointer`. */
export function parseInstant(value: string, pointer: string): Date {
  const instant = new Date(value);
  if (!RFC3339_WITH_OFFSET.test(value) || Number.isNaN(instant.getTime())) {
    throw CommonErrors.validation([{ pointer, detail: 'must be an RFC 3339 time with an offset, e.g. 2026-12-01T10:00:00+09:00' }]);
  }
  return instant;
}

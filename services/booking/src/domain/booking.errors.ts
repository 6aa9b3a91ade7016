import { AppError } from '@omotenashi/errors';

export const BookingErrors = {
  slotTaken: () =>
    new AppError('BOOKING.SLOT_TAKEN', 'That time is no longer available; please choose another slot', { kind: 'conflict' }),
  capacityExceeded: (remaining: number) =>
    new AppError('BOOKING.CAPACITY_EXCEEDED', `Only ${remaining} place(s) left at that time`, { kind: 'conflict' }),
  bookingNotFound: () => new AppError('BOOKING.NOT_FOUND', 'Booking was not found', { kind: 'not_found' }),
  serviceInactive: () =>
    new AppError('BOOKING.SERVICE_INACTIVE', 'This service is not taking bookings', {
      kind: 'unprocessable',
      fields: [{ pointer: '/service_id', detail: 'is not active' }],
    }),
  tooSoon: (minNoticeMinutes: number) =>
    new AppError('BOOKING.TOO_SOON', `Bookings need at least ${minNoticeMinutes} minutes' notice`, {
      kind: 'unprocessable',
      fields: [{ pointer: '/starts_at', detail: `must be at least ${minNoticeMinutes} minutes from now` }],
    }),
  beyondHorizon: (horizonDays: number) =>
    new AppError('BOOKING.BEYOND_HORIZON', `Bookings open at most ${horizonDays} days ahead`, {
      kind: 'unprocessable',
      fields: [{ pointer: '/starts_at', detail: `must be within ${horizonDays} days` }],
    }),
  partyTooLarge: (capacity: number) =>
    new AppError('BOOKING.PARTY_TOO_LARGE', `This service takes at most ${capacity} people per booking`, {
      kind: 'unprocessable',
      fields: [{ pointer: '/party_size', detail: `must be at most ${capacity}` }],
    }),
  idempotencyKeyReused: () =>
    new AppError('BOOKING.IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request', {
      kind: 'unprocessable',
    }),
  idempotencyInProgress: () =>
    new AppError('BOOKING.IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry shortly', {
      kind: 'conflict',
      retryAfterSeconds: 1,
    }),
  staffUnknown: () =>
    new AppError('BOOKING.STAFF_NOT_FOUND', 'That staff member does not perform this service', {
      kind: 'unprocessable',
      fields: [{ pointer: '/staff_id', detail: 'is not a staff member who performs this service' }],
    }),
};

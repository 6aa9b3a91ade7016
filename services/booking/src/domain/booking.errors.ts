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
  staffUnknown: (pointer = '/staff_id') =>
    new AppError('BOOKING.STAFF_NOT_FOUND', 'That staff member does not perform this service', {
      kind: 'unprocessable',
      fields: [{ pointer, detail: 'is not a staff member who performs this service' }],
    }),
  /**
   * The business's calendar does not offer that time (outside opening hours, a closure, a holiday, or
   * nobody who performs the service works then): 422, since retrying the same time cannot succeed,
   * unlike SLOT_TAKEN (409), where other bookings are in the way.
   */
  slotUnavailable: () =>
    new AppError('BOOKING.SLOT_UNAVAILABLE', 'The business does not take bookings at that time; please choose a listed slot', {
      kind: 'unprocessable',
      fields: [{ pointer: '/starts_at', detail: 'is outside the opening hours, on a closure or holiday, or nobody is working then' }],
    }),
  invalidTransition: (action: string, status: string) =>
    new AppError('BOOKING.INVALID_TRANSITION', `A booking that is ${status.replace('_', ' ')} cannot be ${action}`, { kind: 'conflict' }),
  statusChanged: (expected: string, status: string) =>
    new AppError('BOOKING.STATUS_CHANGED', `The booking is no longer ${expected.replace('_', ' ')} (it is ${status.replace('_', ' ')}); reload it`, {
      kind: 'conflict',
    }),
  actionNotAllowed: (what: string) =>
    new AppError('BOOKING.ACTION_NOT_ALLOWED', `This caller may not ${what}`, { kind: 'permission_denied' }),
  /** Deliberately the same answer as a missing booking, so a guest can't tell which of id and token was wrong. */
  manageTokenInvalid: () => new AppError('BOOKING.MANAGE_TOKEN_INVALID', 'Booking was not found', { kind: 'not_found' }),
  cancelWindowClosed: () =>
    new AppError('BOOKING.CANCEL_WINDOW_CLOSED', 'The booking has already started; mark it completed or a no-show instead', {
      kind: 'unprocessable',
    }),
  rescheduleWindowClosed: (cutoffHours?: number) =>
    new AppError(
      'BOOKING.RESCHEDULE_WINDOW_CLOSED',
      cutoffHours === undefined
        ? 'The booking has already started and can no longer be moved'
        : `Bookings can be moved online until ${cutoffHours} hours before they start; please contact the business`,
      { kind: 'unprocessable' },
    ),
  notStarted: (action: string) =>
    new AppError('BOOKING.NOT_STARTED', `A booking can be ${action} only once it has started`, { kind: 'unprocessable' }),
  holdExpired: () =>
    new AppError('BOOKING.HOLD_EXPIRED', 'The hold on this booking ran out before payment and its slot was released', { kind: 'conflict' }),
  alreadyConfirmed: () =>
    new AppError('BOOKING.ALREADY_CONFIRMED', 'The booking was already confirmed by another payment', { kind: 'conflict' }),
};

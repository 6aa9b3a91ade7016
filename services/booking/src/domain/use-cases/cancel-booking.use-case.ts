import { CommonErrors, type FieldError } from '@omotenashi/errors';
import type { Actor } from '../actor';
import { BOOKING_STATUSES, type Booking, type BookingStatus } from '../booking';
import type { BookingChange } from '../booking-change';
import { assertTransition } from '../booking-transitions';
import { BookingErrors } from '../booking.errors';
import { cancellationTerms } from '../cancellation-terms';
import { changeActor, transition, type LifecycleDeps, type LifecycleRequest } from './lifecycle.use-case';

export interface CancelRequest extends LifecycleRequest {
  reason: string;
  /** Optional precondition: cancel only if the booking is still in this status. */
  expectedStatus: string;
}

function checkCancelRequest(request: CancelRequest): void {
  const fields: FieldError[] = [];
  if (request.reason.length > 500) fields.push({ pointer: '/reason', detail: 'must be at most 500 characters' });
  if (request.expectedStatus && !BOOKING_STATUSES.includes(request.expectedStatus as BookingStatus)) {
    fields.push({ pointer: '/expected_status', detail: `must be among ${BOOKING_STATUSES.join(', ')}` });
  }
  if (fields.length) throw CommonErrors.validation(fields);
}

/** Nobody cancels what has started (that is a visit or a no-show); the fee comes from the snapshotted policy. */
export function decideCancellation(booking: Booking, actor: Actor, request: Pick<CancelRequest, 'reason' | 'expectedStatus'>, now: Date): BookingChange {
  if (request.expectedStatus && booking.status !== request.expectedStatus) throw BookingErrors.statusChanged(request.expectedStatus, booking.status);
  assertTransition('cancel', booking.status);
  if (booking.startsAt.getTime() <= now.getTime()) throw BookingErrors.cancelWindowClosed();
  return { type: 'cancel', actor: changeActor(actor), reason: request.reason.trim(), terms: cancellationTerms(booking, actor.kind, now) };
}

/** Cancels a booking; its slot is free again and booking.booking.cancelled says what it cost and what to refund. */
export async function cancelBooking(deps: LifecycleDeps, request: CancelRequest): Promise<Booking> {
  checkCancelRequest(request);
  return transition(deps, request, 'cancel', (booking, now) => decideCancellation(booking, request.actor, request, now));
}

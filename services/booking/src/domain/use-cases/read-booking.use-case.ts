import type { BookingLifecycleRepository } from '../../data-access/booking-lifecycle.repository';
import type { BookingRepository } from '../../data-access/booking.repository';
import { accessBooking, checkActor } from '../actor';
import type { Booking } from '../booking';
import { getBooking } from './create-booking.use-case';

export interface ReadBookingDeps {
  repository: BookingRepository;
  lifecycle: Pick<BookingLifecycleRepository, 'findRecord'>;
}

export interface ReadBookingRequest {
  businessId: string;
  bookingId: string;
  /** Absent (or kind empty): the business reads, as the gateway's members routes do. */
  actor?: { kind: string; id: string; manageToken: string };
}

/**
 * One booking, for whoever may see it. The business (and the system) read it as they always have; a
 * guest reads only with the booking's manage token, and a missing token, a wrong one, an unknown
 * booking and another business's booking all answer the same BOOKING.MANAGE_TOKEN_INVALID.
 */
export async function readBooking(deps: ReadBookingDeps, request: ReadBookingRequest): Promise<Booking> {
  const { businessId, bookingId, actor } = request;
  if (!actor?.kind) return getBooking(deps.repository, businessId, bookingId);
  if (actor.kind === 'guest') {
    // Not checkActor: a guest without a token is refused like one with a wrong token, not with a 400.
    const record = await deps.lifecycle.findRecord(businessId, bookingId);
    return accessBooking(record, { kind: 'guest', id: '', manageToken: actor.manageToken });
  }
  checkActor(actor);
  return getBooking(deps.repository, businessId, bookingId);
}

import type { BookingRepository } from '../../data-access/booking.repository';
import type { Actor } from '../actor';
import type { Booking } from '../booking';
import { checkListRequest, toPage, type ListRequest } from '../booking-list';
import { BookingErrors } from '../booking.errors';

/** A business's bookings, a page at a time; guests manage one booking by its token, they never list. */
export async function listBookings(
  repository: BookingRepository,
  actor: Actor,
  request: ListRequest,
): Promise<{ bookings: Booking[]; nextCursor: string }> {
  if (actor.kind === 'guest') throw BookingErrors.actionNotAllowed('list bookings');
  const query = checkListRequest(request);
  return toPage(await repository.list(query), query.limit);
}

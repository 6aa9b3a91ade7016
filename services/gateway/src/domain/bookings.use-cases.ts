import type { bookingV1 } from '@omotenashi/proto';
import type { Downstreams } from '../downstream/downstreams';
import { present } from './present';

type Deps = Pick<Downstreams, 'booking'>;

export async function createBooking({ booking }: Deps, request: bookingV1.CreateBookingRequest): Promise<bookingV1.Booking> {
  const response = await booking.call('createBooking', request);
  return present(response.booking, 'booking.CreateBooking booking');
}

export async function getBooking({ booking }: Deps, request: bookingV1.GetBookingRequest): Promise<bookingV1.Booking> {
  const response = await booking.call('getBooking', request);
  return present(response.booking, 'booking.GetBooking booking');
}

import type { bookingV1 } from '@omotenashi/proto';
import type { Downstreams } from '../downstream/downstreams';
import { present } from './present';

type Deps = Pick<Downstreams, 'booking'>;

/** A new booking and, for the first answer only, the guest's manage token ('' on an idempotent replay). */
export interface CreatedBooking {
  booking: bookingV1.Booking;
  manageToken: string;
}

/** What a cancellation cost: the fee owed and the refund due, in the booking's currency. */
export interface CancelledBooking {
  booking: bookingV1.Booking;
  feeAmount: number;
  refundAmount: number;
  currency: string;
}

export async function createBooking({ booking }: Deps, request: bookingV1.CreateBookingRequest): Promise<CreatedBooking> {
  const response = await booking.call('createBooking', request);
  return { booking: present(response.booking, 'booking.CreateBooking booking'), manageToken: response.manageToken };
}

export async function getBooking({ booking }: Deps, request: bookingV1.GetBookingRequest): Promise<bookingV1.Booking> {
  const response = await booking.call('getBooking', request);
  return present(response.booking, 'booking.GetBooking booking');
}

export async function listBookings({ booking }: Deps, request: bookingV1.ListBookingsRequest): Promise<bookingV1.ListBookingsResponse> {
  return booking.call('listBookings', request);
}

export async function cancelBooking({ booking }: Deps, request: bookingV1.CancelBookingRequest): Promise<CancelledBooking> {
  const response = await booking.call('cancelBooking', request);
  return {
    booking: present(response.booking, 'booking.CancelBooking booking'),
    feeAmount: response.feeAmount,
    refundAmount: response.refundAmount,
    currency: response.currency,
  };
}

export async function rescheduleBooking({ booking }: Deps, request: bookingV1.RescheduleBookingRequest): Promise<bookingV1.Booking> {
  const response = await booking.call('rescheduleBooking', request);
  return present(response.booking, 'booking.RescheduleBooking booking');
}

export async function approveBooking({ booking }: Deps, request: bookingV1.ApproveBookingRequest): Promise<bookingV1.Booking> {
  const response = await booking.call('approveBooking', request);
  return present(response.booking, 'booking.ApproveBooking booking');
}

export async function completeBooking({ booking }: Deps, request: bookingV1.CompleteBookingRequest): Promise<bookingV1.Booking> {
  const response = await booking.call('completeBooking', request);
  return present(response.booking, 'booking.CompleteBooking booking');
}

export async function markNoShow({ booking }: Deps, request: bookingV1.MarkNoShowRequest): Promise<bookingV1.Booking> {
  const response = await booking.call('markNoShow', request);
  return present(response.booking, 'booking.MarkNoShow booking');
}

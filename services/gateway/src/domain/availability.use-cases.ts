import type { bookingV1 } from '@omotenashi/proto';
import type { Downstreams } from '../downstream/downstreams';

type Deps = Pick<Downstreams, 'booking'>;

/** Free slots, straight from the booking service (which caches them for a minute). */
export async function getAvailability({ booking }: Deps, request: bookingV1.GetAvailabilityRequest): Promise<bookingV1.AvailableSlot[]> {
  const response = await booking.call('getAvailability', request);
  return response.slots;
}

// The booking creation flow: availability, then a guest booking of a free slot with an Idempotency-Key.
//   k6 run -e BASE_URL=… deploy/k6/booking.js
import { closedModel } from './lib/config.js';
import { bookingFlow } from './lib/requests.js';
import { setupData } from './lib/setup.js';

export const options = closedModel('book');
export const setup = setupData;
export function book(data) {
  bookingFlow(data);
}

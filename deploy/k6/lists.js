// List endpoints: a business's bookings (member token) and customers (API key), and its public services.
//   k6 run -e BASE_URL=… -e BUSINESS_IDS=… -e TOKEN=… -e API_KEY=… deploy/k6/lists.js
import { closedModel } from './lib/config.js';
import { bookingsList, businessProfile, customersList, servicesList } from './lib/requests.js';
import { setupData } from './lib/setup.js';

export const options = closedModel('read');
export const setup = setupData;
export function read(data) {
  bookingsList(data);
  customersList(data);
  servicesList(data);
  businessProfile(data);
}

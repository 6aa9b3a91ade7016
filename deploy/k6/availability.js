// Availability checks: VUS users asking for the next two weeks' slots of random services.
//   k6 run -e BASE_URL=https://api.example.jp deploy/k6/availability.js
import { closedModel } from './lib/config.js';
import { availability } from './lib/requests.js';
import { setupData } from './lib/setup.js';

export const options = closedModel('checkAvailability');
export const setup = setupData;
export function checkAvailability(data) {
  availability(data);
}

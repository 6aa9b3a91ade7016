// Mixed realistic load at a fixed arrival rate (open model): one constant-arrival-rate scenario per
// kind of request, each with its share of RATE, like real traffic — mostly availability and lists,
// some bookings and payments. Rates are per minute so small shares stay whole numbers.
//   k6 run -e BASE_URL=… -e RATE=2000 -e MAX_VUS=1000 -e DURATION=5m deploy/k6/mixed.js
/* global __ENV -- k6 runtime globals */
import { DURATION, THRESHOLDS } from './lib/config.js';
import * as requests from './lib/requests.js';
import { setupData } from './lib/setup.js';

const RATE = Number(__ENV.RATE || 500);
const MAX_VUS = Number(__ENV.MAX_VUS || 1000);

/** Share of iterations per kind; a booking is 2 requests (availability + create), a payment 4. */
const MIX = {
  availability: 0.6,
  bookingsList: 0.05,
  customersList: 0.04,
  servicesList: 0.05,
  businessProfile: 0.06,
  search: 0.1,
  bookingFlow: 0.07,
  paymentFlow: 0.03,
};

export const options = {
  scenarios: Object.fromEntries(
    Object.entries(MIX).map(([exec, share]) => [
      exec,
      {
        executor: 'constant-arrival-rate',
        exec,
        rate: Math.max(1, Math.round(RATE * share * 60)),
        timeUnit: '1m',
        duration: DURATION,
        preAllocatedVUs: Math.max(1, Math.ceil((MAX_VUS * share) / 2)),
        maxVUs: Math.max(1, Math.ceil(MAX_VUS * share)),
      },
    ]),
  ),
  thresholds: THRESHOLDS,
};

export const setup = setupData;
export const availability = (data) => requests.availability(data);
export const bookingsList = (data) => requests.bookingsList(data);
export const customersList = (data) => requests.customersList(data);
export const servicesList = (data) => requests.servicesList(data);
export const businessProfile = (data) => requests.businessProfile(data);
export const search = () => requests.search();
export const bookingFlow = (data) => requests.bookingFlow(data);
export const paymentFlow = (data) => requests.paymentFlow(data);

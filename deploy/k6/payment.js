// Payment processing: a held booking of a prepaid service, POST …/payments, the sandbox confirm
// (the `sandbox` provider only; against Stripe the confirm happens in Stripe.js, not here).
//   k6 run -e BASE_URL=… deploy/k6/payment.js
import { closedModel } from './lib/config.js';
import { paymentFlow } from './lib/requests.js';
import { setupData } from './lib/setup.js';

export const options = closedModel('pay');
export const setup = setupData;
export function pay(data) {
  paymentFlow(data);
}

// The requests of issue #7's scenarios, as autocannon `setupRequest`/`onResponse` pieces over the seeded
// data: availability over many businesses and dates, the lists a business's dashboard reads, search, the
// public profile, booking creation on free slots (Idempotency-Key on each) and the payment flow (a held
// booking of a prepaid service → POST …/payments → sandbox confirm). Each request names its kind in the
// connection's context, so the mixed load can report every kind separately.
import { prng, weighted } from './bulk-bookings.mjs';
import { FIRST_DAY, LAST_DAY, slotPlan, slotStart, tokyoDate } from './seed.mjs';

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Mixed realistic load, per request: ~60 % availability, ~20 % lists and profile, ~10 % search, the rest writes. */
export const MIX = {
  availability: 58,
  'bookings list': 5,
  'customers list': 4,
  'services list': 5,
  'business profile': 5,
  search: 10,
  'booking create': 4,
  // A payment flow is three requests in a row (held booking, payment start, sandbox confirm), picked
  // with weight 3 × 3 of every third request: 3 % each of the traffic.
  'payment flow': 9,
};
const FLOW = ['payment hold', 'payment start', 'payment confirm'];

/** Index into `n` items, skewed like real popularity (Zipf-ish, exponent 1): item 0 is the most asked. */
function zipf(n, random) {
  const u = random();
  return Math.min(n - 1, Math.floor(Math.exp(u * Math.log(n + 1)) - 1));
}

export function createTraffic({ data, seed = 11 }) {
  const random = prng(seed);
  const { businesses, plainServices, prepaidServices } = data;
  const token = () => data.token;
  const nDays = LAST_DAY - FIRST_DAY + 1;
  const { free } = slotPlan(data.futurePerService);
  const counters = { booking: 0, prepaid: 0, key: 0 };
  const runTag = Date.now().toString(36);
  let outOfSlots = false;

  const take = (services, counter) => {
    const i = counters[counter]++;
    if (i >= services.length * free.length) outOfSlots = true;
    return { service: services[i % services.length], slot: free[Math.floor(i / services.length) % free.length], i };
  };
  const idempotencyKey = () => `bench-${runTag}-${counters.key++}`;
  const bookingBody = (service, slot, i, email) =>
    JSON.stringify({ service_id: service.serviceId, starts_at: slotStart(slot), customer: { name: 'ベンチ 花子', email: `${email}-${i}@bench.example`, locale: 'ja' } });

  const builders = {
    availability(req) {
      // Popular businesses, their popular services and near dates are asked most (three in four
      // questions within two weeks, the nearest days most).
      const business = businesses[zipf(businesses.length, random)];
      const service = business.services[zipf(business.services.length, random)];
      const day = FIRST_DAY + (random() < 0.75 ? zipf(14, random) : Math.floor(random() * nDays));
      return { ...req, method: 'GET', path: `/v1/businesses/${business.id}/availability?service_id=${service.serviceId}&date=${tokyoDate(day)}` };
    },
    'bookings list'(req) {
      const business = businesses[zipf(businesses.length, random)];
      const from = tokyoDate(Math.floor(random() * 14) - 7);
      return { ...req, method: 'GET', path: `/v1/businesses/${business.id}/bookings?from=${from}&to=${tokyoDate(Math.floor(random() * 14) + 8)}&limit=50`, headers: { ...req.headers, authorization: `Bearer ${token()}` } };
    },
    'customers list'(req) {
      const business = businesses[zipf(businesses.length, random)];
      return { ...req, method: 'GET', path: `/v1/businesses/${business.id}/customers?limit=50`, headers: { ...req.headers, authorization: `Bearer ${business.apiKey}` } };
    },
    'services list'(req) {
      return { ...req, method: 'GET', path: `/v1/businesses/${businesses[zipf(businesses.length, random)].id}/services` };
    },
    'business profile'(req) {
      return { ...req, method: 'GET', path: `/v1/businesses/${businesses[zipf(businesses.length, random)].id}` };
    },
    search(req) {
      const terms = ['ベンチ', 'Bench', 'Salon', `Salon ${Math.floor(random() * businesses.length)}`, `美容室 ${Math.floor(random() * 20)}`];
      return { ...req, method: 'GET', path: `/v1/businesses?q=${encodeURIComponent(terms[Math.floor(random() * terms.length)])}&limit=20` };
    },
    'booking create'(req) {
      const { service, slot, i } = take(plainServices, 'booking');
      return { ...req, method: 'POST', path: `/v1/businesses/${service.businessId}/bookings`, headers: { ...req.headers, ...JSON_HEADERS, 'idempotency-key': idempotencyKey() }, body: bookingBody(service, slot, i, 'guest') };
    },
    'payment hold'(req, context) {
      const { service, slot, i } = take(prepaidServices, 'prepaid');
      context.businessId = service.businessId;
      return { ...req, method: 'POST', path: `/v1/businesses/${service.businessId}/bookings`, headers: { ...req.headers, ...JSON_HEADERS, 'idempotency-key': idempotencyKey() }, body: bookingBody(service, slot, i, 'payer') };
    },
    'payment start'(req, context) {
      return { ...req, method: 'POST', path: `/v1/businesses/${context.businessId}/bookings/${context.bookingId}/payments`, headers: { ...req.headers, ...JSON_HEADERS, 'x-manage-token': context.manageToken }, body: '{}' };
    },
    'payment confirm'(req, context) {
      return { ...req, method: 'POST', path: `/v1/payments/sandbox/intents/${context.intentId}/confirm`, headers: { ...req.headers, ...JSON_HEADERS }, body: JSON.stringify({ client_secret: context.clientSecret, payment_method: 'pm_card_visa' }) };
    },
  };

  /** Stores what the next step of a payment flow needs; a failed step ends the flow. */
  const remember = {
    'payment hold'(status, body, context) {
      const booking = status === 201 ? parse(body) : undefined;
      Object.assign(context, booking?.id ? { bookingId: booking.id, manageToken: booking.manage_token } : { flow: false });
    },
    'payment start'(status, body, context) {
      const payment = status === 201 ? parse(body) : undefined;
      Object.assign(context, payment?.provider_payment_id ? { intentId: payment.provider_payment_id, clientSecret: payment.client_secret } : { flow: false });
    },
  };

  /** One request of kind `kind` (a fixed scenario): every request the same kind. */
  const only = (kind) => [
    {
      setupRequest: (req, context) => ((context.kind = kind), builders[kind](req, context)),
      onResponse: (status, body, context) => remember[kind]?.(status, body, context),
    },
  ];

  /**
   * Three requests per cycle of a connection (autocannon keeps a connection's context through a cycle):
   * the first picks a kind, and when it starts a payment flow the next two carry it on; a step whose
   * predecessor failed picks again, so no request goes out half-built.
   */
  const cycle = (first, other) =>
    FLOW.map((kind, step) => ({
      setupRequest(req, context) {
        let next;
        if (step === 0) {
          next = first();
          context.flow = next === 'payment hold';
        } else next = context.flow ? kind : other();
        context.kind = next;
        return builders[next](req, context);
      },
      onResponse: (status, body, context) => remember[context.kind]?.(status, body, context),
    }));

  /** The payment flow alone: hold, start, confirm, again and again. */
  const paymentFlow = () => cycle(() => 'payment hold', () => 'payment hold');

  /** The mixed load: each cycle's first request may start a payment flow that the next two complete. */
  const mixed = ({ payments }) => {
    const single = { ...MIX };
    delete single['payment flow'];
    const pickSingle = () => weighted(single, random);
    const pickFirst = () => (payments && weighted(MIX, random) === 'payment flow' ? 'payment hold' : pickSingle());
    return cycle(pickFirst, pickSingle);
  };

  return { only, paymentFlow, mixed, builders, counters, outOfSlots: () => outOfSlots, freeSlots: free.length };
}

function parse(body) {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

// The fixed-concurrency scenarios of one run, each pushed onto report.scenarios with its baseline:
// availability (cached and cold), booking creation, the lists, search, the business profile and the
// payment flow. `ctx` carries the run's config, the seeded data, the traffic builders and helpers.
import { load } from './load.mjs';
import { psql } from './platform.mjs';
import { FIRST_DAY, LAST_DAY, tokyoDate } from './seed.mjs';

const created = (s) => s === 201;

/** Active exclusive allocations of one subject that overlap: must be 0, whatever the load did. */
export function countOverlaps(databaseUrl) {
  return Number(
    psql(databaseUrl, [
      '-At',
      '-c',
      `SELECT count(*) FROM booking.booking_allocations a JOIN booking.booking_allocations b
         ON b.business_id = a.business_id AND b.subject_id = a.subject_id AND b.id > a.id AND b.period && a.period
       WHERE a.active AND a.exclusive AND b.active AND b.exclusive`,
    ]).trim(),
  );
}

const countBookings = (databaseUrl) => Number(psql(databaseUrl, ['-At', '-c', 'SELECT count(*) FROM booking.bookings']).trim());

export async function availabilityScenarios(ctx) {
  const { config, data, gateway, api, report, traced, cacheCounters, hitRate } = ctx;
  // Outside the cold scenario's dates, so the cached question never counts as a cold one.
  const probeDate = tokyoDate(LAST_DAY + 1);
  const first = data.services[0];
  const cachedPath = `/v1/businesses/${first.businessId}/availability?service_id=${first.serviceId}&date=${probeDate}`;
  const probe = await api.call('GET', cachedPath);
  if (probe.status !== 200) {
    report.notes.push(`availability not measured: GET …/availability answered ${probe.status} ${JSON.stringify(probe.body).slice(0, 200)}`);
    return;
  }
  report.availabilitySample = { slots: Array.isArray(probe.body?.slots) ? probe.body.slots.length : undefined };

  // Cached: the same question over and over.
  ctx.say(`availability cached, ${config.cachedConnections} connections …`);
  await load({ url: gateway, path: cachedPath, connections: config.cachedConnections, durationSeconds: config.warmupSeconds });
  let before = await cacheCounters();
  const cached = await traced(() => load({ url: gateway, path: cachedPath, connections: config.cachedConnections, durationSeconds: config.durationSeconds }));
  cached.cache = hitRate(before, await cacheCounters());
  report.scenarios.push({ id: 'availability-cached', name: `availability, cached (${config.cachedConnections} conn)`, result: cached, baseline: `hello-${config.cachedConnections}`, also: [`grpc-${config.cachedConnections}`] });

  // Cold: every request a (service, date, days) nobody asked for in this run.
  const S = data.services.length;
  const nDays = LAST_DAY - FIRST_DAY + 1;
  const dates = Array.from({ length: nDays }, (_, i) => tokyoDate(FIRST_DAY + i));
  let r = 0;
  const coldRequest = (req) => {
    const i = r++;
    const { businessId, serviceId } = data.services[i % S];
    const date = dates[Math.floor(i / S) % nDays];
    const days = 1 + Math.floor(i / (S * nDays));
    return { ...req, method: 'GET', path: `/v1/businesses/${businessId}/availability?service_id=${serviceId}&date=${date}${days > 1 ? `&days=${Math.min(days, 7)}` : ''}` };
  };
  ctx.say(`availability cold, ${config.coldConnections} connections …`);
  before = await cacheCounters();
  const cold = await traced(() => load({ url: gateway, connections: config.coldConnections, durationSeconds: config.durationSeconds, requests: [{ setupRequest: coldRequest }] }));
  cold.cache = hitRate(before, await cacheCounters());
  cold.distinct = r;
  report.scenarios.push({ id: 'availability-cold', name: `availability, cold (${config.coldConnections} conn)`, result: cold, baseline: `hello-${config.coldConnections}` });
}

/** Booking creation: every request its own free slot of a non-prepaid service, with an Idempotency-Key. */
export async function bookingScenario(ctx) {
  const { config, gateway, report, traced, traffic } = ctx;
  const before = countBookings(config.databaseUrl);
  ctx.say(`booking creation, ${config.bookingConnections} connections …`);
  const booking = await traced(() => load({ url: gateway, connections: config.bookingConnections, durationSeconds: config.durationSeconds, requests: traffic.only('booking create'), ok: created }));
  booking.created = booking.statuses[201] ?? 0;
  booking.conflicts = booking.statuses[409] ?? 0;
  booking.rowsAdded = countBookings(config.databaseUrl) - before;
  booking.overlaps = countOverlaps(config.databaseUrl);
  if (traffic.outOfSlots()) report.notes.push(`the booking scenarios ran out of free slots (${traffic.freeSlots} a service); later requests reused slots and got 409`);
  return booking;
}

/** The lists a dashboard reads, search and the public profile, each on its own at the read concurrency. */
export async function readScenarios(ctx) {
  const { config, gateway, report, traced, traffic } = ctx;
  const reads = [
    ['bookings list', 'bookings list (owner token, a 2-week window, 50 a page)'],
    ['customers list', 'customers list (API key, 50 a page)'],
    ['services list', 'services list (public)'],
    ['search', 'search GET /v1/businesses?q=…'],
    ['business profile', 'business profile (public)'],
  ];
  for (const [kind, label] of reads) {
    ctx.say(`${kind}, ${config.readConnections} connections …`);
    const result = await traced(() => load({ url: gateway, connections: config.readConnections, durationSeconds: config.durationSeconds, requests: traffic.only(kind) }));
    report.scenarios.push({ id: kind.replace(/ /g, '-'), name: `${label} (${config.readConnections} conn)`, result, baseline: `hello-${config.readConnections}` });
  }
}

/**
 * Payment processing: a held booking of a prepaid service, POST …/payments, the sandbox confirm. The
 * routes are new: when POST …/payments answers 404 the scenario is skipped with a note. With
 * `measure: false` it only probes (the mixed load's payment flows need to know) and runs nothing.
 */
export async function paymentScenario(ctx, { measure = true } = {}) {
  const { config, data, gateway, api, report, traced, traffic } = ctx;
  if (!data.prepaidServices.length) {
    report.notes.push('payment processing not measured: no prepaid service was seeded (BENCH_SERVICES_PER_BUSINESS=1)');
    return false;
  }
  const probe = await probePayment(api, traffic);
  if (!probe.ok) {
    report.notes.push(`payment processing not available: ${probe.why}`);
    return false;
  }
  if (!measure) return true; // probed for the mixed load only (BENCH_ONLY)
  ctx.say(`payment flow (hold → start → confirm), ${config.paymentConnections} connections …`);
  const result = await traced(() => load({ url: gateway, connections: config.paymentConnections, durationSeconds: config.durationSeconds, requests: traffic.paymentFlow() }));
  report.scenarios.push({ id: 'payment-flow', name: `payment flow: held booking → POST …/payments → sandbox confirm (${config.paymentConnections} conn)`, result, baseline: 'booking-create', also: [`hello-${config.paymentConnections}`] });
  return true;
}

/** One payment flow by hand, so a missing route reads as "not available" rather than as errors. */
async function probePayment(api, traffic) {
  const context = {};
  const step = async (kind) => {
    const req = traffic.builders[kind]({ headers: {} }, context);
    const answer = await api.call(req.method, req.path, req.body === undefined ? undefined : JSON.parse(req.body), req.headers);
    return answer;
  };
  const hold = await step('payment hold');
  if (hold.status !== 201 || hold.body?.status !== 'held') return { ok: false, why: `a booking of a prepaid service answered ${hold.status} with status ${hold.body?.status ?? '—'}` };
  Object.assign(context, { bookingId: hold.body.id, manageToken: hold.body.manage_token });
  const start = await step('payment start');
  if (start.status === 404) return { ok: false, why: `POST /v1/businesses/{id}/bookings/{id}/payments answered 404 ${JSON.stringify(start.body).slice(0, 160)}` };
  if (start.status !== 201) return { ok: false, why: `POST …/payments answered ${start.status} ${JSON.stringify(start.body).slice(0, 160)}` };
  Object.assign(context, { intentId: start.body.provider_payment_id, clientSecret: start.body.client_secret });
  const confirm = await step('payment confirm');
  if (confirm.status < 200 || confirm.status >= 300) return { ok: false, why: `POST /v1/payments/sandbox/intents/{id}/confirm answered ${confirm.status} ${JSON.stringify(confirm.body).slice(0, 160)}` };
  return { ok: true };
}

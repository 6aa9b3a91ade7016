// Seeds realistic data: through the public API one owner, N businesses in Asia/Tokyo with weekly hours
// and a lunch break, two staff members and an API key each, M services each (30/45/60 minutes, some with
// a buffer, the last one prepaid), then K bookings a service straight into the booking schema with SQL
// (bulk-bookings.mjs): half in the last HISTORY_DAYS days, half over the next 45. Also defines the slot
// grid the booking scenarios draw from, so their requests take slots no seed booking (and no other
// request) holds.
import { planBookings, readSnapshots, writeBookings } from './bulk-bookings.mjs';

const TIMEZONE = 'Asia/Tokyo';
/** Hours every day 09:00–12:00 and 13:00–19:00: slots start on the hour, 9 a day. */
export const SLOT_HOURS = [9, 10, 11, 13, 14, 15, 16, 17, 18];
/** Day offsets from today (Tokyo) that stay clear of min notice (60 min) and the 90-day horizon. */
export const FIRST_DAY = 2;
export const LAST_DAY = 85;
export const SLOTS_PER_SERVICE = (LAST_DAY - FIRST_DAY + 1) * SLOT_HOURS.length;
/** Seed bookings ahead of today stay in the first 45 days of the grid: with the history, 90 days of bookings. */
const SEED_FUTURE_SLOTS = 45 * SLOT_HOURS.length;
/** Days of history behind today that seed bookings fill (completed, no-shows, cancellations). */
export const HISTORY_DAYS = 45;
const PAST_SLOTS = HISTORY_DAYS * SLOT_HOURS.length;

const SERVICE_SHAPES = [
  { name_en: 'Cut', name_ja: 'カット', duration_minutes: 60, buffer_after_minutes: 0, price_amount: 5500 },
  { name_en: 'Quick cut', name_ja: 'クイックカット', duration_minutes: 30, buffer_after_minutes: 15, price_amount: 3300 },
  { name_en: 'Colour', name_ja: 'カラー', duration_minutes: 45, buffer_after_minutes: 15, price_amount: 8800 },
  { name_en: 'Head spa', name_ja: 'ヘッドスパ', duration_minutes: 45, buffer_after_minutes: 0, price_amount: 4400 },
  { name_en: 'Treatment', name_ja: 'トリートメント', duration_minutes: 30, buffer_after_minutes: 0, price_amount: 2200 },
];

/**
 * Today in Tokyo, fixed when the harness starts: a run that crosses midnight in Tokyo keeps one slot grid,
 * so the booking scenarios never land on the seed's slots.
 */
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: TIMEZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date()).split('-').map(Number);

/** YYYY-MM-DD of the run's today + `days` in Tokyo. */
export function tokyoDate(days) {
  const [y, m, d] = TODAY;
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The i-th slot of a service's grid (0 ≤ i < SLOTS_PER_SERVICE) as an RFC 3339 time in +09:00. */
export function slotStart(i) {
  const day = FIRST_DAY + Math.floor(i / SLOT_HOURS.length);
  const hour = SLOT_HOURS[i % SLOT_HOURS.length];
  return `${tokyoDate(day)}T${String(hour).padStart(2, '0')}:00:00+09:00`;
}

/** The i-th past slot of a service (0 ≤ i < PAST_SLOTS): day −1 first, back to −HISTORY_DAYS. */
export function pastSlotStart(i) {
  const day = -1 - Math.floor(i / SLOT_HOURS.length);
  const hour = SLOT_HOURS[i % SLOT_HOURS.length];
  return `${tokyoDate(day)}T${String(hour).padStart(2, '0')}:00:00+09:00`;
}

/** Every `stride`-th of `slots` slots, `count` of them, spread evenly. */
function spread(count, slots) {
  if (count > slots) throw new Error(`${count} seed bookings a service do not fit in ${slots} slots`);
  const stride = count > 0 ? Math.max(1, Math.floor(slots / count)) : Infinity;
  const picked = [];
  for (let i = 0; i < slots && picked.length < count; i += stride) picked.push(i);
  return picked;
}

/** Past seed slots of a service (indexes for pastSlotStart). */
export const pastSlotPlan = (count) => spread(count, PAST_SLOTS);

/**
 * Future seed bookings take every `stride`-th slot of a service's first 45 days; every other slot of the
 * grid is free for the booking scenarios.
 */
export function slotPlan(seedPerService) {
  const seeded = spread(seedPerService, Math.min(SEED_FUTURE_SLOTS, SLOTS_PER_SERVICE));
  const taken = new Set(seeded);
  const free = [];
  for (let i = 0; i < SLOTS_PER_SERVICE; i++) if (!taken.has(i)) free.push(i);
  return { seeded, free };
}

export function createClient(baseUrl) {
  let token;
  async function call(method, path, body, headers = {}) {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: response.status, body: json };
  }
  return {
    call,
    setToken: (value) => (token = value),
    async expect(status, method, path, body, headers) {
      const answer = await call(method, path, body, headers);
      if (answer.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      return answer.body;
    },
  };
}

/** Runs `task(i)` for i in [0, n) with at most `concurrency` in flight. */
export async function pool(n, concurrency, task) {
  let next = 0;
  const results = new Array(n);
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

/** The prepaid service of a business: the last one, when it has more than one. */
const isPrepaid = (s, servicesPerBusiness) => servicesPerBusiness > 1 && s === servicesPerBusiness - 1;

/**
 * Creates the catalog through the API, two bookings through the API (their policy snapshots are the
 * templates of the bulk rows), then the bulk bookings with SQL.
 */
export async function seed({ baseUrl, databaseUrl, businesses, servicesPerBusiness, bookingsPerService, concurrency = 8, log = () => {} }) {
  const api = createClient(baseUrl);
  const runTag = Date.now().toString(36);
  const started = performance.now();
  const owner = { email: `owner-${runTag}@bench.example`, password: 'correct horse battery staple' };
  const signup = await api.expect(201, 'POST', '/v1/auth/signup', { ...owner, display_name: 'Bench Owner' });
  api.setToken(signup.access_token);

  const weekly = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
    { weekday, opens: '09:00', closes: '12:00' },
    { weekday, opens: '13:00', closes: '19:00' },
  ]);
  const created = await pool(businesses, concurrency, async (b) => {
    const business = await api.expect(201, 'POST', '/v1/businesses', {
      slug: `bench-${runTag}-${b}`,
      display_name_ja: `ベンチ美容室 ${b}`,
      display_name_en: `Bench Salon ${b}`,
      category: 'hair',
      timezone: TIMEZONE,
    });
    await api.expect(200, 'PUT', `/v1/businesses/${business.id}/hours`, { weekly, closed_on_national_holidays: false });
    // Staff who work the business's hours but perform no service: services stay their own resource.
    for (let p = 0; p < 2; p++) {
      await api.expect(201, 'POST', `/v1/businesses/${business.id}/staff`, { email: `staff-${p}-${b}-${runTag}@bench.example`, display_name: `スタッフ ${p}`, role: 'staff' });
    }
    const apiKey = await api.expect(201, 'POST', `/v1/businesses/${business.id}/api-keys`, { name: 'bench' });
    const services = [];
    for (let s = 0; s < servicesPerBusiness; s++) {
      const shape = SERVICE_SHAPES[s % SERVICE_SHAPES.length];
      const prepayment = isPrepaid(s, servicesPerBusiness) ? 'full' : 'none';
      const service = await api.expect(201, 'POST', `/v1/businesses/${business.id}/services`, {
        ...shape,
        name_en: `${shape.name_en} ${s}`,
        name_ja: `${shape.name_ja} ${s}`,
        category: 'hair',
        currency: 'JPY',
        prepayment,
      });
      services.push({ businessId: business.id, serviceId: service.id, shape, prepayment });
    }
    return { id: business.id, apiKey: apiKey.key, services };
  });
  const catalogSeconds = (performance.now() - started) / 1000;
  const services = created.flatMap((business) => business.services);
  log(`seeded ${created.length} businesses (2 staff and an API key each), ${services.length} services through the API in ${catalogSeconds.toFixed(1)} s`);

  // One plain and one prepaid booking through the API, a day past the grid: their snapshots are the templates.
  api.setToken(undefined);
  const beyond = tokyoDate(LAST_DAY + 1);
  const template = async (service) =>
    service &&
    (await api.expect(201, 'POST', `/v1/businesses/${service.businessId}/bookings`, {
      service_id: service.serviceId,
      starts_at: `${beyond}T18:00:00+09:00`,
      customer: { name: '見本 花子', email: `template-${service.prepayment}@bench.example`, locale: 'ja' },
    }));
  const plain = await template(services.find((s) => s.prepayment === 'none'));
  const prepaid = await template(services.find((s) => s.prepayment !== 'none'));

  const bulkStarted = performance.now();
  const snapshots = readSnapshots(databaseUrl, { plainBookingId: plain.id, prepaidBookingId: prepaid?.id });
  const plan = planBookings({ services, perService: bookingsPerService, snapshots });
  const planSeconds = (performance.now() - bulkStarted) / 1000;
  const written = writeBookings(databaseUrl, plan);
  log(`wrote ${written.bookings} bookings, ${written.allocations} allocations, ${written.customers} customers with COPY in ${written.seconds.toFixed(1)} s (+${planSeconds.toFixed(1)} s to plan them), then ANALYZE`);
  return {
    owner,
    token: signup.access_token,
    businesses: created,
    services,
    plainServices: services.filter((s) => s.prepayment === 'none'),
    prepaidServices: services.filter((s) => s.prepayment !== 'none'),
    seedPerService: bookingsPerService,
    pastPerService: plan.pastPerService,
    futurePerService: plan.futurePerService,
    bookings: written.bookings,
    customers: written.customers,
    statusCounts: plan.statusCounts,
    apiBookings: [plain, prepaid].filter(Boolean).length,
    seconds: { catalog: catalogSeconds, bookings: planSeconds + written.seconds },
  };
}

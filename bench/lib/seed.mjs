// Seeds realistic data through the public API: one owner, N businesses in Asia/Tokyo with weekly hours
// and a lunch break, M services each (30/45/60 minutes, some with a buffer), and K guest bookings per
// service spread over the booking horizon. Also defines the slot grid the booking scenario draws from,
// so its requests take slots no seed booking (and no other request) holds.

const TIMEZONE = 'Asia/Tokyo';
/** Hours every day 09:00–12:00 and 13:00–19:00: slots start on the hour, 9 a day. */
export const SLOT_HOURS = [9, 10, 11, 13, 14, 15, 16, 17, 18];
/** Day offsets from today (Tokyo) that stay clear of min notice (60 min) and the 90-day horizon. */
export const FIRST_DAY = 2;
export const LAST_DAY = 85;
export const SLOTS_PER_SERVICE = (LAST_DAY - FIRST_DAY + 1) * SLOT_HOURS.length;

const SERVICE_SHAPES = [
  { name_en: 'Cut', name_ja: 'カット', duration_minutes: 60, buffer_after_minutes: 0, price_amount: 5500 },
  { name_en: 'Quick cut', name_ja: 'クイックカット', duration_minutes: 30, buffer_after_minutes: 15, price_amount: 3300 },
  { name_en: 'Colour', name_ja: 'カラー', duration_minutes: 45, buffer_after_minutes: 15, price_amount: 8800 },
  { name_en: 'Head spa', name_ja: 'ヘッドスパ', duration_minutes: 45, buffer_after_minutes: 0, price_amount: 4400 },
  { name_en: 'Treatment', name_ja: 'トリートメント', duration_minutes: 30, buffer_after_minutes: 0, price_amount: 2200 },
];

/** YYYY-MM-DD of today + `days` in Tokyo. */
export function tokyoDate(days) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TIMEZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [y, m, d] = parts.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The i-th slot of a service's grid (0 ≤ i < SLOTS_PER_SERVICE) as an RFC 3339 time in +09:00. */
export function slotStart(i) {
  const day = FIRST_DAY + Math.floor(i / SLOT_HOURS.length);
  const hour = SLOT_HOURS[i % SLOT_HOURS.length];
  return `${tokyoDate(day)}T${String(hour).padStart(2, '0')}:00:00+09:00`;
}

/** Seed bookings take every `stride`-th slot of each service; the rest is free for the booking scenario. */
export function slotPlan(seedPerService) {
  const stride = seedPerService > 0 ? Math.max(2, Math.floor(SLOTS_PER_SERVICE / seedPerService)) : Infinity;
  const seeded = [];
  const free = [];
  for (let i = 0; i < SLOTS_PER_SERVICE; i++) {
    if (i % stride === 0 && seeded.length < seedPerService) seeded.push(i);
    else free.push(i);
  }
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

/**
 * @returns {{ businesses: {id: string, services: string[]}[], services: {businessId: string, serviceId: string}[], seedPerService: number, bookings: number, seconds: object }}
 */
export async function seed({ baseUrl, businesses, servicesPerBusiness, bookingsPerService, concurrency = 8, log = () => {} }) {
  const api = createClient(baseUrl);
  const runTag = Date.now().toString(36);
  const started = performance.now();
  const owner = await api.expect(201, 'POST', '/v1/auth/signup', { email: `owner-${runTag}@bench.example`, password: 'correct horse battery staple', display_name: 'Bench Owner' });
  api.setToken(owner.access_token);

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
    const services = [];
    for (let s = 0; s < servicesPerBusiness; s++) {
      const shape = SERVICE_SHAPES[s % SERVICE_SHAPES.length];
      const service = await api.expect(201, 'POST', `/v1/businesses/${business.id}/services`, {
        ...shape,
        name_en: `${shape.name_en} ${s}`,
        name_ja: `${shape.name_ja} ${s}`,
        category: 'hair',
        currency: 'JPY',
      });
      services.push(service.id);
    }
    return { id: business.id, services };
  });
  const catalogSeconds = (performance.now() - started) / 1000;
  const services = created.flatMap((business) => business.services.map((serviceId) => ({ businessId: business.id, serviceId })));
  log(`seeded ${created.length} businesses, ${services.length} services in ${catalogSeconds.toFixed(1)} s`);

  // Guest bookings (no token), spread over the horizon on every service.
  const { seeded } = slotPlan(bookingsPerService);
  const jobs = services.length * seeded.length;
  const bookingsStarted = performance.now();
  const failed = [];
  api.setToken(undefined);
  await pool(jobs, concurrency, async (j) => {
    const { businessId, serviceId } = services[j % services.length];
    const slot = seeded[Math.floor(j / services.length)];
    const answer = await api.call('POST', `/v1/businesses/${businessId}/bookings`, {
      service_id: serviceId,
      starts_at: slotStart(slot),
      customer: { name: '山田 花子', email: `seed-${j % 997}@bench.example`, locale: 'ja' },
    });
    if (answer.status !== 201) failed.push(`${answer.status} ${answer.body?.code ?? ''}`);
    if (j > 0 && j % 1000 === 0) log(`  … ${j}/${jobs} seed bookings`);
  });
  const bookingSeconds = (performance.now() - bookingsStarted) / 1000;
  if (failed.length) {
    const counts = failed.reduce((acc, f) => ((acc[f] = (acc[f] ?? 0) + 1), acc), {});
    throw new Error(`seed bookings failed: ${JSON.stringify(counts)}`);
  }
  log(`seeded ${jobs} bookings in ${bookingSeconds.toFixed(1)} s (${(jobs / bookingSeconds).toFixed(0)}/s at ${concurrency} in flight)`);
  return {
    businesses: created,
    services,
    seedPerService: seeded.length,
    bookings: jobs,
    seconds: { catalog: catalogSeconds, bookings: bookingSeconds },
  };
}

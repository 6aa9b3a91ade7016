// The demo business `npm start` seeds when the database has none (DESIGN §9), through the public API
// exactly as an app would: an owner account, a salon in Asia/Tokyo with weekly hours and a lunch break,
// chairs, and three services — one paid at the salon, one with a deposit, one paid in full ahead — so
// every booking path (confirmed at once, held until paid) can be tried at once.
//
// Run alone: `node scripts/lib/demo-seed.mjs http://127.0.0.1:8080` (prints what it did as JSON).

export const DEMO_OWNER = { email: 'demo-owner@omotenashi.example', password: 'omotenashi-demo-2026', display_name: 'デモ店主' };
export const DEMO_SLUG = 'omotenashi-demo-salon';

const WEEKDAYS = [1, 2, 3, 4, 5, 6];

const BUSINESS = {
  slug: DEMO_SLUG,
  display_name_ja: 'おもてなし美容室（デモ）',
  display_name_en: 'Omotenashi Salon (demo)',
  category: 'hair',
  timezone: 'Asia/Tokyo',
  currency: 'JPY',
};

const HOURS = {
  // Mon–Sat 10:00–13:00 and 14:00–19:00; closed on Sundays and Japanese national holidays.
  weekly: WEEKDAYS.flatMap((weekday) => [
    { weekday, opens: '10:00', closes: '13:00' },
    { weekday, opens: '14:00', closes: '19:00' },
  ]),
  closed_on_national_holidays: true,
};

const CHAIRS = [1, 2].map((n) => ({ kind: 'chair', name_ja: `セット面${n}`, name_en: `Chair ${n}`, capacity: 1 }));

const SERVICES = [
  { name_ja: 'カット', name_en: 'Cut', category: 'hair', duration_minutes: 60, buffer_after_minutes: 15, price_amount: 5500, currency: 'JPY', resource_kinds: ['chair'] },
  { name_ja: 'カラー', name_en: 'Colour', category: 'hair', duration_minutes: 90, buffer_after_minutes: 15, price_amount: 9900, currency: 'JPY', resource_kinds: ['chair'], prepayment: 'deposit', deposit_amount: 3000 },
  { name_ja: 'ヘッドスパ', name_en: 'Head spa', category: 'spa', duration_minutes: 45, price_amount: 4400, currency: 'JPY', resource_kinds: ['chair'], prepayment: 'full' },
];

/** A small JSON client that turns any unexpected status into an error naming the call and the problem. */
function client(baseUrl) {
  return async function call(method, path, body, headers = {}, expected = [200, 201]) {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!expected.includes(response.status)) {
      throw new Error(`demo seed: ${method} ${path} answered ${response.status} ${json?.code ?? ''} ${json?.detail ?? text}`.trim());
    }
    return { status: response.status, body: json };
  };
}

/**
 * Seeds the demo business unless some business exists already (then it does nothing). Returns what
 * it did: `{ seeded: false }` or `{ seeded: true, business_id, owner, services }`.
 */
export async function seedDemoWhenEmpty(baseUrl) {
  const call = client(baseUrl);
  const existing = await call('GET', '/v1/businesses?limit=1');
  if (existing.body.data.length > 0) return { seeded: false };

  // 409: the owner exists from an earlier, interrupted seed; signing in below still works.
  await call('POST', '/v1/auth/signup', DEMO_OWNER, {}, [201, 409]);
  const token = await call('POST', '/v1/auth/token', { email: DEMO_OWNER.email, password: DEMO_OWNER.password });
  const auth = { authorization: `Bearer ${token.body.access_token}` };

  const business = await call('POST', '/v1/businesses', BUSINESS, auth);
  const businessId = business.body.id;
  await call('PUT', `/v1/businesses/${businessId}/hours`, HOURS, auth);
  for (const chair of CHAIRS) await call('POST', `/v1/businesses/${businessId}/resources`, chair, auth);
  const services = [];
  for (const service of SERVICES) {
    const created = await call('POST', `/v1/businesses/${businessId}/services`, service, auth);
    services.push({ id: created.body.id, name_en: service.name_en, prepayment: service.prepayment ?? 'none' });
  }
  return { seeded: true, business_id: businessId, slug: DEMO_SLUG, owner: { email: DEMO_OWNER.email, password: DEMO_OWNER.password }, services };
}

/** The lines `npm start` prints after seeding. */
export function describeDemo(result, baseUrl) {
  if (!result.seeded) return [];
  return [
    `  demo     ${baseUrl}/v1/businesses/${result.slug} (seeded: the database had no business)`,
    `           owner ${result.owner.email} / ${result.owner.password}`,
    `           services: ${result.services.map((s) => `${s.name_en} (${s.prepayment === 'none' ? 'pay at the salon' : s.prepayment})`).join(', ')}`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const baseUrl = process.argv[2] || 'http://127.0.0.1:8080';
  seedDemoWhenEmpty(baseUrl).then(
    (result) => console.log(JSON.stringify(result)),
    (error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}

// setup() of every script: the businesses to load, either named (BUSINESS_IDS, TOKEN, API_KEY) or
// created through the public API (an owner, businesses with hours, services — one prepaid — and an API key).
/* global __ENV -- k6 runtime globals */
import http from 'k6/http';
import { BASE_URL, fail, jsonHeaders } from './config.js';

const WEEKLY = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
  { weekday, opens: '09:00', closes: '12:00' },
  { weekday, opens: '13:00', closes: '19:00' },
]);
const SERVICES = [
  { name_en: 'Cut', name_ja: 'カット', duration_minutes: 60, price_amount: 5500, prepayment: 'none' },
  { name_en: 'Colour', name_ja: 'カラー', duration_minutes: 45, buffer_after_minutes: 15, price_amount: 8800, prepayment: 'none' },
  { name_en: 'Head spa', name_ja: 'ヘッドスパ', duration_minutes: 45, price_amount: 4400, prepayment: 'full' },
];

function expect(response, status, what) {
  if (response.status !== status) fail(`${what}: expected ${status}, got ${response.status} ${String(response.body).slice(0, 200)}`);
  return response.json();
}

function named() {
  const ids = __ENV.BUSINESS_IDS.split(',').map((id) => id.trim()).filter(Boolean);
  const businesses = ids.map((id) => {
    const services = expect(http.get(`${BASE_URL}/v1/businesses/${id}/services?limit=100`), 200, `services of ${id}`).data;
    return { id, apiKey: '', services: services.map((s) => ({ id: s.id, prepayment: s.prepayment })) };
  });
  if (__ENV.API_KEY) businesses[0].apiKey = __ENV.API_KEY;
  return { token: __ENV.TOKEN || '', businesses };
}

function seeded() {
  const tag = Date.now().toString(36);
  const count = Number(__ENV.SEED_BUSINESSES || 5);
  const owner = expect(
    http.post(`${BASE_URL}/v1/auth/signup`, JSON.stringify({ email: `k6-owner-${tag}@example.com`, password: 'correct horse battery staple', display_name: 'k6 owner' }), jsonHeaders()),
    201,
    'signup',
  );
  const auth = jsonHeaders({ Authorization: `Bearer ${owner.access_token}` });
  const businesses = [];
  for (let b = 0; b < count; b++) {
    const business = expect(
      http.post(`${BASE_URL}/v1/businesses`, JSON.stringify({ slug: `k6-${tag}-${b}`, display_name_ja: `k6 美容室 ${b}`, display_name_en: `k6 Salon ${b}`, category: 'hair', timezone: 'Asia/Tokyo' }), auth),
      201,
      'create business',
    );
    expect(http.put(`${BASE_URL}/v1/businesses/${business.id}/hours`, JSON.stringify({ weekly: WEEKLY, closed_on_national_holidays: false }), auth), 200, 'hours');
    const services = SERVICES.map((shape) => {
      const service = expect(http.post(`${BASE_URL}/v1/businesses/${business.id}/services`, JSON.stringify({ ...shape, category: 'hair', currency: 'JPY' }), auth), 201, 'create service');
      return { id: service.id, prepayment: shape.prepayment };
    });
    const key = expect(http.post(`${BASE_URL}/v1/businesses/${business.id}/api-keys`, JSON.stringify({ name: 'k6' }), auth), 201, 'create API key');
    businesses.push({ id: business.id, apiKey: key.key, services });
  }
  return { token: owner.access_token, businesses };
}

/** What the default functions receive: { token, businesses: [{ id, apiKey, services: [{ id, prepayment }] }] }. */
export function setupData() {
  const data = __ENV.BUSINESS_IDS ? named() : seeded();
  if (!data.businesses.length) fail('no businesses to load: set BUSINESS_IDS or SEED_BUSINESSES');
  return data;
}

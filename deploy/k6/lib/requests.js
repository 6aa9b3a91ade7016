// The scenarios' requests (issue #7): availability, the booking flow, the payment flow, the lists,
// search and the business profile. Each request is tagged with its kind (`name`), so k6's summary and
// per-tag thresholds can tell them apart.
/* global __ITER, __VU -- k6 runtime globals */
import { check } from 'k6';
import http from 'k6/http';
import { Counter } from 'k6/metrics';
import { BASE_URL, jsonHeaders } from './config.js';

/** 409s of the booking flow: two users raced for one slot (expected now and then, never an error). */
export const slotTaken = new Counter('booking_slot_taken');

const pick = (items) => items[Math.floor(Math.random() * items.length)];
const bearer = (token) => (token ? { Authorization: `Bearer ${token}` } : {});
/** YYYY-MM-DD `days` from today in Asia/Tokyo (UTC+9, no DST). */
const tokyoDate = (days) => new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
/** Mostly the next two weeks, the nearest days most. */
const nearDay = () => 1 + Math.floor(Math.pow(Math.random(), 2) * 14);
const idempotencyKey = () => `k6-${__VU}-${__ITER}-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;

export function availability(data, business = pick(data.businesses), service = pick(business.services), date = tokyoDate(nearDay())) {
  const response = http.get(`${BASE_URL}/v1/businesses/${business.id}/availability?service_id=${service.id}&date=${date}`, { tags: { name: 'availability' } });
  check(response, { 'availability 200': (r) => r.status === 200 });
  return response.status === 200 ? response.json('slots') || [] : [];
}

/**
 * Check availability, book a free slot as a guest with an Idempotency-Key. A 409 (someone took the
 * slot meanwhile) is an expected answer, counted in booking_slot_taken. Returns the booking or null.
 */
export function bookingFlow(data, prepaid = false) {
  const business = pick(data.businesses);
  const services = business.services.filter((s) => (s.prepayment !== 'none') === prepaid);
  if (!services.length) return null;
  const service = pick(services);
  const slots = availability(data, business, service);
  if (!slots.length) return null;
  const slot = pick(slots);
  const body = { service_id: service.id, starts_at: slot.starts_at, customer: { name: 'k6 花子', email: `k6-${__VU}-${__ITER}@example.com`, locale: 'ja' } };
  const response = http.post(`${BASE_URL}/v1/businesses/${business.id}/bookings`, JSON.stringify(body), {
    ...jsonHeaders({ 'Idempotency-Key': idempotencyKey() }),
    tags: { name: prepaid ? 'payment hold' : 'booking create' },
    responseCallback: http.expectedStatuses(201, 409),
  });
  if (response.status === 409) slotTaken.add(1);
  check(response, { 'booking 201 or 409': (r) => r.status === 201 || r.status === 409 });
  return response.status === 201 ? { businessId: business.id, ...response.json() } : null;
}

/** A held booking of a prepaid service → POST …/payments → the sandbox provider's confirm. */
export function paymentFlow(data) {
  const booking = bookingFlow(data, true);
  if (!booking) return;
  const start = http.post(`${BASE_URL}/v1/businesses/${booking.businessId}/bookings/${booking.id}/payments`, '{}', {
    ...jsonHeaders({ 'X-Manage-Token': booking.manage_token }),
    tags: { name: 'payment start' },
  });
  if (!check(start, { 'payment start 201': (r) => r.status === 201 })) return;
  const payment = start.json();
  const confirm = http.post(`${BASE_URL}/v1/payments/sandbox/intents/${payment.provider_payment_id}/confirm`, JSON.stringify({ client_secret: payment.client_secret, payment_method: 'pm_card_visa' }), {
    ...jsonHeaders(),
    tags: { name: 'payment confirm' },
  });
  check(confirm, { 'payment confirm 2xx': (r) => r.status >= 200 && r.status < 300 });
}

export function bookingsList(data) {
  const business = pick(data.businesses);
  const response = http.get(`${BASE_URL}/v1/businesses/${business.id}/bookings?from=${tokyoDate(-7)}&to=${tokyoDate(14)}&limit=50`, { headers: bearer(data.token), tags: { name: 'bookings list' } });
  check(response, { 'bookings list 200': (r) => r.status === 200 });
}

export function customersList(data) {
  const business = data.businesses.find((b) => b.apiKey) || data.businesses[0];
  const response = http.get(`${BASE_URL}/v1/businesses/${business.id}/customers?limit=50`, { headers: bearer(business.apiKey || data.token), tags: { name: 'customers list' } });
  check(response, { 'customers list 200': (r) => r.status === 200 });
}

export function servicesList(data) {
  const response = http.get(`${BASE_URL}/v1/businesses/${pick(data.businesses).id}/services`, { tags: { name: 'services list' } });
  check(response, { 'services list 200': (r) => r.status === 200 });
}

export function businessProfile(data) {
  const response = http.get(`${BASE_URL}/v1/businesses/${pick(data.businesses).id}`, { tags: { name: 'business profile' } });
  check(response, { 'business profile 200': (r) => r.status === 200 });
}

export function search() {
  const q = pick(['Salon', '美容室', 'hair', 'ネイル', 'spa']);
  const response = http.get(`${BASE_URL}/v1/businesses?q=${encodeURIComponent(q)}&limit=20`, { tags: { name: 'search' } });
  check(response, { 'search 200': (r) => r.status === 200 });
}

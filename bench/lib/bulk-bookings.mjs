// Issue #7's 50,000 bookings, written straight into the booking schema with COPY in one transaction:
// customers, bookings and their allocations, column for column what BookingRepository.create and the
// lifecycle transitions write (services/booking/src/data-access), so the exclusion constraint, the CHECKs
// and the availability reads see ordinary rows. History can't go through the API anyway: the API refuses
// past times (min notice), and at ~40 bookings/s the 50,000 would take about 20 minutes.
import { randomBytes } from 'node:crypto';
import { psql } from './platform.mjs';
import { HISTORY_DAYS, pastSlotPlan, pastSlotStart, slotPlan, slotStart } from './seed.mjs';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A UUIDv7 (RFC 9562: 48-bit Unix ms, version 7, variant 10, random rest), the platform's id format. */
export function uuidv7(ms = Date.now()) {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Deterministic pseudo-random numbers (mulberry32), so two runs seed the same mix. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks a key of `weights` ({ key: weight }) with probability proportional to its weight. */
export function weighted(weights, random) {
  const entries = Object.entries(weights).filter(([, w]) => w > 0);
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let x = random() * total;
  for (const [key, w] of entries) if ((x -= w) < 0) return key;
  return entries[entries.length - 1][0];
}

// Statuses like real traffic: the past is mostly done, a few no-shows and cancellations; the future is
// mostly confirmed, some cancelled, and prepaid services have a few unpaid holds.
const PAST_MIX = { completed: 82, no_show: 4, cancelled: 14 };
const FUTURE_MIX = { confirmed: 88, cancelled: 12 };
const FUTURE_PREPAID_MIX = { confirmed: 80, cancelled: 12, held: 8 };
/** What still occupies its time: the lifecycle releases allocations on cancel, no-show and expiry. */
const OCCUPIES = new Set(['held', 'pending_approval', 'confirmed', 'completed']);
const FIRST_NAMES = ['花子', '太郎', '美咲', '健太', '陽菜', '翔', 'さくら', '大輝', 'Emma', 'Liam'];
const LAST_NAMES = ['山田', '佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '中村', 'Smith', 'Brown'];

/** COPY text format: \N is NULL; backslash, tab and newlines are escaped. */
const field = (value) => {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
};
const line = (values) => values.map(field).join('\t');
const bytea = (buffer) => `\\x${buffer.toString('hex')}`;
const range = (from, to) => `[${from.toISOString()},${to.toISOString()})`;

/**
 * @param {object} o
 * @param {{businessId: string, serviceId: string, shape: object, prepayment: string}[]} o.services
 * @param {number} o.perService  bookings a service: about half in the last HISTORY_DAYS days, half ahead
 * @param {object} o.snapshots   { none, full }: policy_snapshot templates read from bookings the API made
 * @param {Date} [o.now]
 */
export function planBookings({ services, perService, snapshots, now = new Date(), seed = 7 }) {
  const random = prng(seed);
  const pastCount = Math.floor(perService / 2);
  const futureCount = perService - pastCount;
  const past = pastSlotPlan(pastCount);
  const { seeded: future } = slotPlan(futureCount);
  const byBusiness = new Map();
  for (const s of services) byBusiness.set(s.businessId, (byBusiness.get(s.businessId) ?? 0) + 1);

  // About 2.5 bookings a customer: regulars and one-off visitors.
  const customers = [];
  const customersOf = new Map();
  for (const [businessId, serviceCount] of byBusiness) {
    const count = Math.max(5, Math.ceil((serviceCount * perService) / 2.5));
    const ids = [];
    for (let i = 0; i < count; i++) {
      const id = uuidv7();
      const english = random() < 0.12;
      const createdAt = new Date(now.getTime() - (HISTORY_DAYS + 30 * random()) * DAY);
      customers.push([id, businessId, null, `customer-${customers.length}@bench.example`,
        `${LAST_NAMES[Math.floor(random() * LAST_NAMES.length)]} ${FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)]}`,
        null, random() < 0.7 ? `090-${String(customers.length).padStart(8, '0').replace(/(\d{4})(\d{4})$/, '$1-$2')}` : null,
        english ? 'en' : 'ja', null, 0, createdAt, createdAt, null, null]);
      ids.push(id);
    }
    customersOf.set(businessId, ids);
  }

  const bookings = [];
  const allocations = [];
  const statusCounts = {};
  for (const s of services) {
    const ids = customersOf.get(s.businessId);
    const slots = [...past.map((i) => ({ startsAt: new Date(pastSlotStart(i)), past: true })), ...future.map((i) => ({ startsAt: new Date(slotStart(i)), past: false }))];
    for (const { startsAt, past: isPast } of slots) {
      const mix = isPast ? PAST_MIX : s.prepayment === 'none' ? FUTURE_MIX : FUTURE_PREPAID_MIX;
      const status = weighted(mix, random);
      statusCounts[status] = (statusCounts[status] ?? 0) + 1;
      const endsAt = new Date(startsAt.getTime() + s.shape.duration_minutes * MINUTE);
      // Booked 1–30 days ahead of the visit, and never in the future.
      const createdAt = new Date(Math.min(now.getTime() - MINUTE, startsAt.getTime() - (1 + 29 * random()) * DAY));
      const cancelled = status === 'cancelled';
      const cancelledAt = cancelled ? new Date(Math.min(now.getTime(), createdAt.getTime() + random() * (startsAt.getTime() - createdAt.getTime()))) : null;
      const updatedAt = cancelledAt ?? (isPast ? endsAt : createdAt);
      const id = uuidv7();
      const snapshot = { ...(s.prepayment === 'none' ? snapshots.none : snapshots.full), priceAmount: s.shape.price_amount, currency: 'JPY' };
      bookings.push([
        id, s.businessId, s.serviceId, ids[Math.floor(random() * ids.length)], null, null, status, startsAt, endsAt,
        tokyoDateOf(startsAt), 1, s.shape.price_amount, 'JPY', JSON.stringify(snapshot),
        status === 'held' ? new Date(now.getTime() + 2 * 60 * MINUTE) : null, '', createdAt, updatedAt, null,
        bytea(randomBytes(32)), cancelledAt, cancelled ? (random() < 0.7 ? 'guest' : 'business') : null,
        cancelled ? '予定が変わったため' : null, cancelled ? 0 : null, cancelled ? 0 : null, null, 0, false,
      ]);
      allocations.push([
        uuidv7(), s.businessId, id, 'service', s.serviceId,
        range(new Date(startsAt.getTime() - (s.shape.buffer_before_minutes ?? 0) * MINUTE), new Date(endsAt.getTime() + s.shape.buffer_after_minutes * MINUTE)),
        true, OCCUPIES.has(status),
      ]);
    }
  }
  return { customers, bookings, allocations, statusCounts, pastPerService: past.length, futurePerService: future.length };
}

/** The Tokyo calendar date of an instant (slots are whole hours between 09:00 and 19:00 Tokyo). */
function tokyoDateOf(instant) {
  return new Date(instant.getTime() + 9 * 60 * MINUTE).toISOString().slice(0, 10);
}

const CUSTOMER_COLUMNS = 'id, business_id, user_id, email, name, name_kana, phone, locale, notes, visit_count, created_at, updated_at, deleted_at, erased_at';
const BOOKING_COLUMNS = `id, business_id, service_id, customer_id, staff_id, resource_id, status, starts_at, ends_at, booking_date, party_size,
  price_amount, currency, policy_snapshot, hold_expires_at, notes, created_at, updated_at, deleted_at, manage_token_hash, cancelled_at,
  cancelled_by, cancellation_reason, cancellation_fee_amount, refund_amount, payment_id, reschedule_count, staff_requested`;
const ALLOCATION_COLUMNS = 'id, business_id, booking_id, subject_kind, subject_id, period, exclusive, active';

/** Reads the policy snapshots the booking service wrote for two API-made bookings, as templates. */
export function readSnapshots(databaseUrl, { plainBookingId, prepaidBookingId }) {
  const read = (id) => {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`not a booking id: ${JSON.stringify(id)}`);
    const snapshot = psql(databaseUrl, ['-At', '-c', `SELECT policy_snapshot FROM booking.bookings WHERE id = '${id}'`]).trim();
    if (!snapshot) throw new Error(`booking ${id}, made through the API, is not in booking.bookings of ${databaseUrl}`);
    return JSON.parse(snapshot);
  };
  return { none: read(plainBookingId), full: prepaidBookingId ? read(prepaidBookingId) : read(plainBookingId) };
}

/** COPYs the plan in one transaction, then ANALYZE; returns row counts and seconds. */
export function writeBookings(databaseUrl, plan) {
  const started = performance.now();
  const script = [
    'BEGIN;',
    `COPY booking.customers (${CUSTOMER_COLUMNS}) FROM STDIN;`, ...plan.customers.map(line), '\\.',
    `COPY booking.bookings (${BOOKING_COLUMNS.replace(/\s+/g, ' ')}) FROM STDIN;`, ...plan.bookings.map(line), '\\.',
    `COPY booking.booking_allocations (${ALLOCATION_COLUMNS}) FROM STDIN;`, ...plan.allocations.map(line), '\\.',
    'COMMIT;',
    'ANALYZE booking.customers, booking.bookings, booking.booking_allocations;',
    '',
  ].join('\n');
  psql(databaseUrl, ['-f', '-'], { input: script });
  return { customers: plan.customers.length, bookings: plan.bookings.length, allocations: plan.allocations.length, seconds: (performance.now() - started) / 1000 };
}

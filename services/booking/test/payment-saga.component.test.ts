import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { EVENT_HEADERS, namespacedSubject } from '@omotenashi/events';
import { paymentEventsV1 } from '@omotenashi/proto';
import { eventually } from '@omotenashi/testkit';
import { guest, LifecycleHarness, tokyoAt } from './lifecycle/lifecycle.harness';

const CONSUMER = 'booking-payment-succeeded';

/**
 * The booking side of the booking–payment saga, against the real booking worker and NATS: a
 * payment.payment.succeeded event (published as payment's relay does) confirms the held booking once;
 * bookings that can no longer take the payment are acknowledged, since payment refunds on its own.
 */
describe('payment.payment.succeeded confirms held bookings', () => {
  let h: LifecycleHarness;
  let nats: NatsConnection;
  let businessId: string;
  let prepaid: string;
  let day = 30;

  beforeAll(async () => {
    h = await LifecycleHarness.start('payment-saga');
    nats = await connect({ servers: h.platform.infra.natsUrl });
    businessId = await h.business();
    prepaid = await h.service(businessId, { prepayment: 'full', price: 8_800 });
  });

  afterAll(async () => {
    await nats?.close();
    await h?.stop();
  });

  const held = async () => {
    const booked = await h.book(businessId, prepaid, tokyoAt(day++), `saga-${day}@example.jp`);
    expect(booked.booking.status).toBe('held');
    return booked;
  };

  /** A PaymentSucceeded as payment's outbox relay publishes it; `msgId` lets a test get past JetStream's own dedupe. */
  async function paymentSucceeded(bookingId: string, paymentId: string, eventId = randomUUID(), msgId = eventId): Promise<string> {
    const meta = headers();
    meta.set(EVENT_HEADERS.eventId, eventId);
    meta.set(EVENT_HEADERS.eventType, 'omotenashi.events.v1.PaymentSucceeded');
    meta.set(EVENT_HEADERS.businessId, businessId);
    meta.set(EVENT_HEADERS.occurredAt, new Date().toISOString());
    const payload = paymentEventsV1.PaymentSucceeded.encode({
      payment: {
        paymentId, businessId, bookingId, provider: 'sandbox', providerPaymentId: `pi_${paymentId.slice(0, 8)}`, kind: 'full',
        amount: 8_800, currency: 'JPY', status: 'succeeded', occurredAt: new Date().toISOString(),
      },
    }).finish();
    await jetstream(nats).publish(namespacedSubject(h.platform.infra.eventsNamespace, 'payment.payment.succeeded'), payload, { msgID: msgId, headers: meta });
    return eventId;
  }

  const processed = async (eventId: string) =>
    Number((await h.db.query('SELECT count(*)::int AS n FROM booking.processed_events WHERE consumer = $1 AND event_id = $2', [CONSUMER, eventId])).rows[0].n);
  const deadLetters = async () => Number((await h.db.query('SELECT count(*)::int AS n FROM booking.dead_letters WHERE consumer = $1', [CONSUMER])).rows[0].n);
  const confirmations = async (bookingId: string) => (await h.events(businessId, bookingId)).filter((e) => e.subject === 'booking.booking.confirmed');

  it('When the payment of a held booking succeeds, then the saga confirms it with that payment, once', async () => {
    const { booking } = await held();
    const paymentId = randomUUID();

    const eventId = await paymentSucceeded(booking.id, paymentId);

    await eventually(async () => (await h.status(businessId, booking.id)) === 'confirmed');
    const [confirmed, ...more] = await confirmations(booking.id);
    expect(more).toEqual([]);
    expect(confirmed?.payload).toMatchObject({ previousStatus: 'held', paymentId, priceAmount: 8_800, currency: 'JPY' });
    expect(await processed(eventId)).toBe(1);
    const { rows } = await h.db.query('SELECT payment_id FROM booking.bookings WHERE id = $1', [booking.id]);
    expect(rows[0].payment_id).toBe(paymentId);
  });

  it('When the same event is redelivered or the same payment is reported again, then nothing changes a second time', async () => {
    const { booking } = await held();
    const paymentId = randomUUID();
    const eventId = await paymentSucceeded(booking.id, paymentId);
    await eventually(async () => (await processed(eventId)) === 1);

    await paymentSucceeded(booking.id, paymentId, eventId, `${eventId}:again`);
    const sameAgain = await paymentSucceeded(booking.id, paymentId);

    await eventually(async () => (await processed(sameAgain)) === 1);
    expect(await confirmations(booking.id)).toHaveLength(1);
    expect(await h.status(businessId, booking.id)).toBe('confirmed');
    expect(await deadLetters()).toBe(0);
  });

  it('When a second, different payment succeeds for a confirmed booking, then it is acknowledged and the first payment stays', async () => {
    const { booking } = await held();
    const first = randomUUID();
    await paymentSucceeded(booking.id, first);
    await eventually(async () => (await h.status(businessId, booking.id)) === 'confirmed');

    const second = await paymentSucceeded(booking.id, randomUUID());

    await eventually(async () => (await processed(second)) === 1);
    expect(await confirmations(booking.id)).toHaveLength(1);
    const { rows } = await h.db.query('SELECT payment_id FROM booking.bookings WHERE id = $1', [booking.id]);
    expect(rows[0].payment_id).toBe(first);
    expect(await deadLetters()).toBe(0);
  });

  it('When the guest cancelled before the payment arrived, then the booking stays cancelled and the event is acknowledged', async () => {
    const { booking, manageToken } = await held();
    await h.booking.call('cancelBooking', { businessId, bookingId: booking.id, actor: guest(manageToken), reason: '', expectedStatus: '' });

    const eventId = await paymentSucceeded(booking.id, randomUUID());

    await eventually(async () => (await processed(eventId)) === 1);
    expect(await h.status(businessId, booking.id)).toBe('cancelled');
    expect(await confirmations(booking.id)).toEqual([]);
    expect(await deadLetters()).toBe(0);
  });

  it('When the hold ran out before the payment arrived, then the booking is not confirmed and the event is acknowledged', async () => {
    const { booking } = await held();
    // The hold's end, moved into the past: the saga must refuse it even before the expiry job has run.
    await h.db.query(`UPDATE booking.bookings SET hold_expires_at = now() - interval '1 second' WHERE id = $1`, [booking.id]);

    const eventId = await paymentSucceeded(booking.id, randomUUID());

    await eventually(async () => (await processed(eventId)) === 1);
    expect(['held', 'expired']).toContain(await h.status(businessId, booking.id));
    expect(await confirmations(booking.id)).toEqual([]);
    expect(await deadLetters()).toBe(0);
  });
});

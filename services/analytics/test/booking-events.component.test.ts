import { jetstream } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { dataSourceFromConfig } from '@omotenashi/db';
import { EVENT_HEADERS, EventConsumer, namespacedSubject } from '@omotenashi/events';
import { createLogger } from '@omotenashi/logging';
import { metricValue } from '@omotenashi/metrics';
import { bookingEventsV1 } from '@omotenashi/proto';
import { createTestInfra, eventually, type TestInfra } from '@omotenashi/testkit';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { migrateAnalytics, startAnalyticsWorker, SCHEMA } from '../src/app';
import { loadAnalyticsConfig, type AnalyticsConfig } from '../src/config';
import { bookingCreatedStatement } from '../src/entry-points/messaging/booking-events.handler';

const logger = createLogger('analytics-test', { level: 'silent' });
const BUSINESS = '0190a0a0-0000-7000-8000-00000000000b';

describe('Analytics consumes booking events exactly once', () => {
  let infra: TestInfra;
  let config: AnalyticsConfig;
  let nats: NatsConnection;
  let dataSource: DataSource;

  beforeAll(async () => {
    infra = await createTestInfra('analytics');
    config = loadAnalyticsConfig({ ...infra.env, EVENTS_ACK_WAIT_MS: '1000' });
    await migrateAnalytics(config);
    nats = await connect({ servers: infra.natsUrl });
    dataSource = await dataSourceFromConfig(config, SCHEMA).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await nats?.close();
    await infra?.cleanup();
  });

  /** Publishes a BookingCreated as the booking relay would; `msgId` lets a test bypass JetStream's own dedupe. */
  async function publishBookingCreated(eventId: string, date: string, msgId = eventId) {
    const h = headers();
    h.set(EVENT_HEADERS.eventId, eventId);
    h.set(EVENT_HEADERS.eventType, 'omotenashi.events.v1.BookingCreated');
    h.set(EVENT_HEADERS.businessId, BUSINESS);
    h.set(EVENT_HEADERS.occurredAt, new Date().toISOString());
    const payload = bookingEventsV1.BookingCreated.encode({
      bookingId: randomUUID(), businessId: BUSINESS, serviceId: randomUUID(), customerId: randomUUID(),
      status: 'confirmed', startsAt: `${date}T01:00:00.000Z`, endsAt: `${date}T02:00:00.000Z`, bookingDate: date,
      priceAmount: 4000, currency: 'JPY', holdExpiresAt: '', prepayment: 'none', depositAmount: 0,
    }).finish();
    await jetstream(nats).publish(namespacedSubject(infra.eventsNamespace, 'booking.booking.created'), payload, { msgID: msgId, headers: h });
  }

  const countOn = async (date: string) => {
    const rows: { bookings_created: number }[] = await dataSource.query(
      'SELECT bookings_created FROM analytics_daily WHERE business_id = $1 AND date = $2', [BUSINESS, date]);
    return rows[0]?.bookings_created ?? 0;
  };
  const processed = async (eventId: string) =>
    Number((await dataSource.query('SELECT count(*) AS n FROM processed_events WHERE event_id = $1', [eventId]))[0].n);

  it('When the same event is published twice, then the day is counted once', async () => {
    const worker = await startAnalyticsWorker(config, logger);
    try {
      const eventId = randomUUID();
      await publishBookingCreated(eventId, '2026-12-01');
      await publishBookingCreated(eventId, '2026-12-01', `${eventId}:again`);
      await publishBookingCreated(randomUUID(), '2026-12-02');
      await eventually(async () => (await countOn('2026-12-02')) === 1);
      await eventually(async () => (await metricValue('events_consumed_total', { consumer: 'analytics-bookings', outcome: 'duplicate' })) >= 1);
      expect(await countOn('2026-12-01')).toBe(1);
    } finally {
      await worker.stop();
    }
  });

  it('When the consumer crashes after committing but before acking, then the redelivery is not counted again', async () => {
    // The real statement on the real durable, on a connection that dies as soon as the statement has
    // committed: the ack never leaves — as if the process were killed between commit and ack.
    const doomed = await connect({ servers: infra.natsUrl });
    const dyingAfterCommit = Object.create(dataSource, {
      query: {
        value: async (...args: Parameters<DataSource['query']>) => {
          const rows: unknown = await dataSource.query(...args);
          await doomed.close();
          return rows;
        },
      },
    }) as DataSource;
    const crashing = new EventConsumer({
      dataSource: dyingAfterCommit,
      nats: doomed,
      namespace: infra.eventsNamespace,
      stream: 'BOOKING',
      durable: 'analytics-bookings',
      filterSubjects: ['booking.booking.created'],
      ackWaitMs: 1000,
      statement: bookingCreatedStatement,
      logger,
    });
    await crashing.start();
    const eventId = randomUUID();
    const redeliveriesBefore = await metricValue('events_consumer_redeliveries_total', { consumer: 'analytics-bookings' });
    await publishBookingCreated(eventId, '2026-12-03');
    await eventually(async () => doomed.isClosed() && (await processed(eventId)) === 1);
    await crashing.stop().catch(() => undefined);
    expect(await countOn('2026-12-03')).toBe(1);

    const worker = await startAnalyticsWorker(config, logger);
    try {
      await eventually(async () => (await metricValue('events_consumer_redeliveries_total', { consumer: 'analytics-bookings' })) > redeliveriesBefore, 15_000);
      expect(await countOn('2026-12-03')).toBe(1);
      expect(await processed(eventId)).toBe(1);
    } finally {
      await worker.stop();
    }
  });
});

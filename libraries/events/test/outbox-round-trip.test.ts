import type { NatsConnection } from '@nats-io/transport-node';
import { currentContext } from '@omotenashi/logging';
import { createTestInfra, eventually, type TestInfra } from '@omotenashi/testkit';
import type { DataSource } from 'typeorm';
import { EventConsumer, OutboxRelay, prunePublishedOutbox, pruneProcessedEvents, writeOutbox, type ReceivedEvent } from '../src';
import { countRows, createBooking, metricValue, natsWithStreams, serviceDataSource, silentLogger } from './events-test-kit';

describe('outbox → relay → consumer', () => {
  let infra: TestInfra;
  let producer: DataSource;
  let consumerDb: DataSource;
  let nc: NatsConnection;
  let relay: OutboxRelay;
  let consumer: EventConsumer;
  const seen: { event: ReceivedEvent; contextRequestId?: string }[] = [];

  beforeAll(async () => {
    infra = await createTestInfra('evroundtrip');
    // Two services, each in its own schema under its own role, as in production.
    producer = await serviceDataSource(infra.databaseUrl, 'booking');
    consumerDb = await serviceDataSource(infra.databaseUrl, 'analytics');
    nc = await natsWithStreams(infra.natsUrl, infra.eventsNamespace);
    relay = new OutboxRelay({ dataSource: producer, nats: nc, namespace: infra.eventsNamespace, logger: silentLogger, pollIntervalMs: 5_000 });
    consumer = new EventConsumer({
      dataSource: consumerDb,
      nats: nc,
      namespace: infra.eventsNamespace,
      stream: 'BOOKING',
      durable: 'analytics-bookings',
      filterSubjects: ['booking.booking.*'],
      logger: silentLogger,
      handler: async (event, manager) => {
        seen.push({ event, contextRequestId: currentContext()?.requestId });
        await manager.query(`INSERT INTO test_effects (event_id, consumer, business_id, payload) VALUES ($1, $2, $3, $4)`, [
          event.id,
          'analytics-bookings',
          event.businessId,
          new TextDecoder().decode(event.payload),
        ]);
      },
    });
    await relay.start();
    await consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop();
    await nc?.close();
    await producer?.destroy();
    await consumerDb?.destroy();
    await infra?.cleanup();
  });

  it("When a state change and its outbox row commit together, then the relay publishes it and a consumer's handler sees its payload, business id and request id", async () => {
    const booking = await createBooking(producer, { requestId: 'req-round-trip-1', payload: 'hello' });

    // pollIntervalMs is 5 s, so arriving sooner shows LISTEN/NOTIFY woke the relay.
    await eventually(async () => (await countRows(consumerDb, 'SELECT 1 FROM test_effects')) === 1, 4_000);
    const { event, contextRequestId } = seen[0];
    expect(event).toMatchObject({
      id: booking.eventId,
      subject: 'booking.booking.created',
      eventType: 'omotenashi.events.v1.BookingCreated',
      businessId: booking.businessId,
      requestId: 'req-round-trip-1',
      deliveryCount: 1,
    });
    expect(new TextDecoder().decode(event.payload)).toBe('hello');
    expect(contextRequestId).toBe('req-round-trip-1');
    expect(Math.abs(event.occurredAt.getTime() - Date.now())).toBeLessThan(60_000);
    const [row] = await producer.query(`SELECT published_at, attempts FROM outbox WHERE id = $1`, [booking.eventId]);
    expect(row.published_at).toBeInstanceOf(Date);
    expect(await metricValue('events_published_total', { outbox: 'booking' })).toBeGreaterThanOrEqual(1);
    expect(await metricValue('events_consumed_total', { consumer: 'analytics-bookings', outcome: 'processed' })).toBe(1);
  });

  it('When the transaction rolls back, then neither the state change nor its event exist', async () => {
    await expect(createBooking(producer, { payload: 'rolled-back', fail: true })).rejects.toThrow('use case failed');
    const marker = await createBooking(producer, { payload: 'after-rollback' });

    await eventually(async () => seen.some((s) => s.event.id === marker.eventId));
    expect(seen.map((s) => new TextDecoder().decode(s.event.payload))).not.toContain('rolled-back');
    expect(await countRows(producer, `SELECT 1 FROM outbox`)).toBe(2);
    expect(await countRows(producer, `SELECT 1 FROM test_bookings`)).toBe(2);
  });

  it('When writeOutbox is called outside a transaction, then it refuses', async () => {
    await expect(
      writeOutbox(producer.manager, { subject: 'booking.booking.created', eventType: 'x', businessId: seen[0].event.businessId, payload: new Uint8Array() }),
    ).rejects.toThrow(/inside the transaction/);
  });

  it('When a subject belongs to no stream, then writeOutbox rejects it before anything is written', async () => {
    await expect(
      producer.transaction((manager) =>
        writeOutbox(manager, { subject: 'billing.invoice.created', eventType: 'x', businessId: seen[0].event.businessId, payload: new Uint8Array() }),
      ),
    ).rejects.toThrow(/No stream carries/);
  });

  it("When a service's role queries another service's schema, then Postgres refuses", async () => {
    await expect(producer.query(`SELECT * FROM analytics.processed_events`)).rejects.toThrow(/permission denied/);
    expect(await countRows(consumerDb, `SELECT 1 FROM processed_events WHERE consumer = 'analytics-bookings'`)).toBe(2);
  });

  it('When the relay has caught up, then the outbox gauges read zero pending and zero lag', async () => {
    await eventually(async () => (await metricValue('events_outbox_pending', { outbox: 'booking' })) === 0);
    expect(await metricValue('events_outbox_lag_seconds', { outbox: 'booking' })).toBe(0);
  });

  it('When published rows and processed-event records pass their retention, then pruning removes only those', async () => {
    await producer.query(`INSERT INTO outbox (id, subject, event_type, business_id, payload) VALUES ($1, 'booking.booking.created', 'x', $2, '')`, [
      '00000000-0000-7000-8000-000000000001',
      seen[0].event.businessId,
    ]);
    await relay.stop(); // keep the hand-made row unpublished
    await producer.query(`UPDATE outbox SET published_at = now() - interval '2 days' WHERE published_at IS NOT NULL`);

    expect(await producer.transaction((manager) => prunePublishedOutbox(manager, 24 * 60 * 60 * 1000))).toBe(2);
    expect(await countRows(producer, `SELECT 1 FROM outbox`)).toBe(1);
    expect(await consumerDb.transaction((manager) => pruneProcessedEvents(manager, 24 * 60 * 60 * 1000))).toBe(0);
    expect(await consumerDb.transaction((manager) => pruneProcessedEvents(manager, 0))).toBe(2);
  });
});

import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createTestInfra, eventually, type TestInfra } from '@omotenashi/testkit';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { EventConsumer, OutboxRelay, namespacedSubject, streamName, type EventConsumerOptions, type ReceivedEvent } from '../src';
import { toNatsHeaders } from '../src/event-envelope';
import { countRows, createBooking, metricValue, natsWithStreams, serviceDataSource, silentLogger } from './events-test-kit';

describe('consumer idempotency', () => {
  let infra: TestInfra;
  let db: DataSource;
  let nc: NatsConnection;
  const running: EventConsumer[] = [];

  const recordEffect = (durable: string) => async (event: ReceivedEvent, manager: EntityManager) => {
    await manager.query(`INSERT INTO test_effects (event_id, consumer, business_id, payload) VALUES ($1, $2, $3, 'x')`, [
      event.id,
      durable,
      event.businessId,
    ]);
  };

  async function startConsumer(options: Partial<EventConsumerOptions> & Pick<EventConsumerOptions, 'durable'>) {
    const consumer = new EventConsumer({
      dataSource: db,
      nats: nc,
      namespace: infra.eventsNamespace,
      stream: 'BOOKING',
      logger: silentLogger,
      handler: recordEffect(options.durable),
      ...options,
    });
    await consumer.start();
    running.push(consumer);
    return consumer;
  }

  const effects = (durable: string) => countRows(db, `SELECT 1 FROM test_effects WHERE consumer = $1`, [durable]);

  beforeAll(async () => {
    infra = await createTestInfra('evidempotent');
    db = await serviceDataSource(infra.databaseUrl, 'booking');
    nc = await natsWithStreams(infra.natsUrl, infra.eventsNamespace);
  });

  afterAll(async () => {
    for (const consumer of running) await consumer.stop();
    await nc?.close();
    await db?.destroy();
    await infra?.cleanup();
  });

  it('When the same event is published twice under different Nats-Msg-Ids, then its effect happens once', async () => {
    const durable = 'dup-check';
    await startConsumer({ durable });
    const event = {
      id: uuidv7(),
      subject: 'booking.booking.confirmed',
      eventType: 'omotenashi.events.v1.BookingConfirmed',
      businessId: uuidv7(),
      occurredAt: new Date(),
      payload: new TextEncoder().encode('confirmed'),
    };
    const js = jetstream(nc);
    const subject = namespacedSubject(infra.eventsNamespace, event.subject);
    const first = await js.publish(subject, event.payload, { msgID: event.id, headers: toNatsHeaders(event) });
    const second = await js.publish(subject, event.payload, { msgID: uuidv7(), headers: toNatsHeaders(event) });
    expect(second.duplicate).toBe(false);
    expect(second.seq).toBeGreaterThan(first.seq);

    await eventually(async () => (await metricValue('events_consumed_total', { consumer: durable, outcome: 'duplicate' })) === 1);
    expect(await metricValue('events_consumed_total', { consumer: durable, outcome: 'processed' })).toBe(1);
    expect(await effects(durable)).toBe(1);
  });

  it('When a consumer commits its effect but dies before acking, then a new instance gets the redelivery and the effect still happens once', async () => {
    const durable = 'crash-check';
    const doomed = await connect({ servers: infra.natsUrl });
    const crashing = await startConsumer({
      durable,
      nats: doomed,
      filterSubjects: ['booking.booking.created'],
      ackWaitMs: 1_000,
      handler: async (event, manager) => {
        await recordEffect(durable)(event, manager);
        await doomed.close(); // the process "dies" after its effect is written, before the ack goes out
      },
    });
    const relay = new OutboxRelay({ dataSource: db, nats: nc, namespace: infra.eventsNamespace, logger: silentLogger });
    await relay.start();
    const booking = await createBooking(db);
    await eventually(async () => doomed.isClosed());
    await crashing.stop();
    expect(await effects(durable)).toBe(1);

    await startConsumer({ durable, filterSubjects: ['booking.booking.created'], ackWaitMs: 1_000 });
    await eventually(async () => (await metricValue('events_consumed_total', { consumer: durable, outcome: 'duplicate' })) === 1);
    await relay.stop();
    expect(await countRows(db, `SELECT 1 FROM test_effects WHERE consumer = $1 AND event_id = $2`, [durable, booking.eventId])).toBe(1);
    expect(await metricValue('events_consumer_redeliveries_total', { consumer: durable })).toBeGreaterThan(0);
    expect(await countRows(db, `SELECT 1 FROM processed_events WHERE consumer = $1`, [durable])).toBe(1);
  });

  /** Publishes one event straight to the stream (no outbox), as a relay would. */
  async function publish(subject: string, payload: string) {
    const event = { id: uuidv7(), subject, eventType: 'omotenashi.events.v1.Test', businessId: uuidv7(), occurredAt: new Date(), payload: new TextEncoder().encode(payload) };
    await jetstream(nc).publish(namespacedSubject(infra.eventsNamespace, subject), event.payload, { msgID: event.id, headers: toNatsHeaders(event) });
    return event;
  }

  it('When a consumer says an event is not relevant, then it is acked without a transaction, a processed_events row or a handler call', async () => {
    const durable = 'relevance-check';
    const handled: string[] = [];
    await startConsumer({
      durable,
      filterSubjects: ['booking.booking.cancelled'],
      relevant: (event) => new TextDecoder().decode(event.payload) === 'held',
      handler: async (event, manager) => {
        handled.push(new TextDecoder().decode(event.payload));
        await recordEffect(durable)(event, manager);
      },
    });
    const skipped = await publish('booking.booking.cancelled', 'confirmed');
    const kept = await publish('booking.booking.cancelled', 'held');

    await eventually(async () => (await metricValue('events_consumed_total', { consumer: durable, outcome: 'processed' })) === 1);
    expect(await metricValue('events_consumed_total', { consumer: durable, outcome: 'skipped' })).toBe(1);
    expect(handled).toEqual(['held']);
    expect(await countRows(db, `SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2`, [durable, skipped.id])).toBe(0);
    expect(await countRows(db, `SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2`, [durable, kept.id])).toBe(1);
    // Acked: nothing comes back once the consumer is restarted.
    const info = await (await jetstream(nc).consumers.get(streamName(infra.eventsNamespace, "BOOKING"), durable)).info();
    expect(info.num_ack_pending + info.num_pending).toBe(0);
  });

  it('When an idempotent consumer handles events, then no processed_events row is written, a failure is retried and a redelivery runs the effect again', async () => {
    const durable = 'idempotent-check';
    const seen: string[] = [];
    let failOnce = true;
    await startConsumer({
      durable,
      filterSubjects: ['booking.booking.no_show'],
      idempotent: true,
      backoffMs: [50],
      handler: async (event, manager) => {
        expect(manager.queryRunner?.isTransactionActive ?? false).toBe(false); // no transaction around it
        seen.push(event.id);
        if (failOnce) {
          failOnce = false;
          throw new Error('Redis hiccup');
        }
      },
    });
    const event = await publish('booking.booking.no_show', 'x');

    await eventually(async () => (await metricValue('events_consumed_total', { consumer: durable, outcome: 'processed' })) === 1);
    expect(seen).toEqual([event.id, event.id]); // failed once, then retried
    expect(await metricValue('events_consumed_total', { consumer: durable, outcome: 'failed' })).toBe(1);
    expect(await countRows(db, `SELECT 1 FROM processed_events WHERE consumer = $1`, [durable])).toBe(0);
  });

  it('When a consumer gives its effect as one statement, then the effect and the processed-event record land together, once, and a failing statement is retried', async () => {
    const durable = 'statement-check';
    let failOnce = true;
    await startConsumer({
      durable,
      filterSubjects: ['booking.booking.expired'],
      handler: undefined,
      backoffMs: [50],
      statement: (event) => {
        const payload = new TextDecoder().decode(event.payload);
        if (failOnce) {
          failOnce = false;
          // A statement Postgres refuses: nothing of it may land, the event comes back.
          return { sql: `INSERT INTO test_effects (event_id, consumer, business_id, payload) SELECT $3, $4, $5, $6::int::text WHERE EXISTS (SELECT 1 FROM first_time)`, params: [event.id, durable, event.businessId, payload] };
        }
        return {
          sql: `INSERT INTO test_effects (event_id, consumer, business_id, payload) SELECT $3::uuid, $4, $5::uuid, $6 WHERE EXISTS (SELECT 1 FROM first_time)`,
          params: [event.id, durable, event.businessId, payload],
        };
      },
    });
    const event = await publish('booking.booking.expired', 'expired');
    // The same event again under another Nats-Msg-Id: processed_events turns it into a no-op.
    await jetstream(nc).publish(namespacedSubject(infra.eventsNamespace, event.subject), event.payload, { msgID: uuidv7(), headers: toNatsHeaders(event) });

    await eventually(async () => (await metricValue('events_consumed_total', { consumer: durable, outcome: 'duplicate' })) === 1);
    expect(await metricValue('events_consumed_total', { consumer: durable, outcome: 'failed' })).toBe(1);
    expect(await metricValue('events_consumed_total', { consumer: durable, outcome: 'processed' })).toBe(1);
    expect(await effects(durable)).toBe(1);
    expect(await countRows(db, `SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2`, [durable, event.id])).toBe(1);
  });

  it('When a consumer has both a handler and a statement, or neither, then it refuses to start', () => {
    const base = { dataSource: db, nats: nc, namespace: infra.eventsNamespace, stream: 'BOOKING' as const, durable: 'x', logger: silentLogger };
    expect(() => new EventConsumer({ ...base })).toThrow(/handler or a statement/);
    expect(() => new EventConsumer({ ...base, handler: async () => undefined, statement: () => ({ sql: '', params: [] }) })).toThrow(/handler or a statement/);
  });
});

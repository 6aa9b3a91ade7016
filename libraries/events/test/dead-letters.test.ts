import { jetstream } from '@nats-io/jetstream';
import { v7 as uuidv7 } from 'uuid';
import type { NatsConnection } from '@nats-io/transport-node';
import { createTestInfra, eventually, type TestInfra } from '@omotenashi/testkit';
import type { DataSource, EntityManager } from 'typeorm';
import { EventConsumer, OutboxRelay, listDeadLetters, namespacedSubject, replayDeadLetter, type ReceivedEvent } from '../src';
import { toNatsHeaders } from '../src/event-envelope';
import { countRows, createBooking, metricValue, natsWithStreams, serviceDataSource, silentLogger } from './events-test-kit';

const sampleEvent = () => ({
  id: uuidv7(),
  subject: 'booking.booking.rescheduled',
  eventType: 'omotenashi.events.v1.BookingRescheduled',
  businessId: uuidv7(),
  occurredAt: new Date(),
  payload: new Uint8Array([1]),
});

describe('dead letters', () => {
  let infra: TestInfra;
  let db: DataSource;
  let nc: NatsConnection;
  let relay: OutboxRelay;
  let fragile: EventConsumer;
  let healthy: EventConsumer;
  let broken = true;

  const effect = (durable: string) => async (event: ReceivedEvent, manager: EntityManager) => {
    if (durable === 'fragile' && broken) throw new Error('projection is broken: column "total" does not exist');
    await manager.query(`INSERT INTO test_effects (event_id, consumer, business_id, payload) VALUES ($1, $2, $3, 'x')`, [
      event.id,
      durable,
      event.businessId,
    ]);
  };
  const effects = (durable: string) => countRows(db, `SELECT 1 FROM test_effects WHERE consumer = $1`, [durable]);
  const consumed = (durable: string, outcome: string) => metricValue('events_consumed_total', { consumer: durable, outcome });

  beforeAll(async () => {
    infra = await createTestInfra('evdeadletters');
    db = await serviceDataSource(infra.databaseUrl, 'booking');
    nc = await natsWithStreams(infra.natsUrl, infra.eventsNamespace);
    const common = { dataSource: db, nats: nc, namespace: infra.eventsNamespace, stream: 'BOOKING' as const, logger: silentLogger };
    fragile = new EventConsumer({ ...common, durable: 'fragile', handler: effect('fragile'), maxDeliver: 3, ackWaitMs: 2_000, backoffMs: [50, 100] });
    healthy = new EventConsumer({ ...common, durable: 'healthy', handler: effect('healthy') });
    relay = new OutboxRelay({ dataSource: db, nats: nc, namespace: infra.eventsNamespace, logger: silentLogger });
    await Promise.all([fragile.start(), healthy.start(), relay.start()]);
  });

  afterAll(async () => {
    await fragile?.stop();
    await healthy?.stop();
    await relay?.stop();
    await nc?.close();
    await db?.destroy();
    await infra?.cleanup();
  });

  it('When a handler always throws, then after maxDeliver attempts the event is parked with its error, and a replay after the fix applies it exactly once', async () => {
    const booking = await createBooking(db, { requestId: 'req-poison' });

    const [letter] = await eventually(async () => {
      const letters = await listDeadLetters(db, { consumer: 'fragile' });
      return letters.length > 0 && letters;
    });
    expect(letter).toMatchObject({
      consumer: 'fragile',
      eventId: booking.eventId,
      subject: 'booking.booking.created',
      eventType: 'omotenashi.events.v1.BookingCreated',
      businessId: booking.businessId,
      deliveries: 3,
      replayedAt: null,
    });
    expect(letter.error).toContain('column "total" does not exist');
    expect(letter.headers['x-request-id']).toBe('req-poison');
    expect(await consumed('fragile', 'failed')).toBe(2);
    expect(await consumed('fragile', 'dead_lettered')).toBe(1);
    expect(await effects('fragile')).toBe(0);
    await eventually(async () => (await effects('healthy')) === 1);

    broken = false;
    await replayDeadLetter(db, nc, infra.eventsNamespace, letter.id);

    await eventually(async () => (await effects('fragile')) === 1);
    // The replay reaches every consumer of the stream; the one that had handled it already skips it.
    await eventually(async () => (await consumed('healthy', 'duplicate')) === 1);
    expect(await effects('healthy')).toBe(1);
    expect(await listDeadLetters(db, { consumer: 'fragile' })).toHaveLength(0);
    const [replayed] = await listDeadLetters(db, { consumer: 'fragile', includeReplayed: true });
    expect(replayed.replayedAt).toBeInstanceOf(Date);
  });

  it('When a dead letter was already replayed, then replaying it again is refused', async () => {
    const [replayed] = await listDeadLetters(db, { consumer: 'fragile', includeReplayed: true });
    await expect(replayDeadLetter(db, nc, infra.eventsNamespace, replayed.id)).rejects.toThrow(/already replayed/);
    await expect(replayDeadLetter(db, nc, infra.eventsNamespace, 'not-an-id')).rejects.toThrow(/not found/);
  });

  it('When a message carries no event id at all, then it is parked at once without running the handler', async () => {
    const before = await effects('healthy');
    await jetstream(nc).publish(namespacedSubject(infra.eventsNamespace, 'booking.booking.cancelled'), new TextEncoder().encode('raw'));

    const [letter] = await eventually(async () => {
      const letters = await listDeadLetters(db, { consumer: 'healthy' });
      return letters.length > 0 && letters;
    });
    expect(letter.error).toMatch(/neither Omotenashi-Event-Id nor Nats-Msg-Id/);
    expect(letter.deliveries).toBe(1);
    expect(new TextDecoder().decode(letter.payload)).toBe('raw');
    expect(await effects('healthy')).toBe(before);
  });

  it('When every delivery ends without an outcome (the consumer keeps crashing), then the one delivery held in reserve parks the event', async () => {
    const common = { dataSource: db, nats: nc, namespace: infra.eventsNamespace, stream: 'BOOKING' as const, logger: silentLogger };
    const options = { ...common, durable: 'crashy', filterSubjects: ['booking.booking.rescheduled'], maxDeliver: 1, ackWaitMs: 1_000 };
    let handled = 0;
    const crashy = new EventConsumer({ ...options, handler: async () => void handled++ });
    await crashy.start(); // creates the durable consumer with its limits
    await crashy.stop();
    const subject = namespacedSubject(infra.eventsNamespace, 'booking.booking.rescheduled');
    await jetstream(nc).publish(subject, new Uint8Array([1]), { headers: toNatsHeaders(sampleEvent()) });
    const raw = await jetstream(nc).consumers.get(`${infra.eventsNamespace}_BOOKING`, 'crashy');
    const taken = await raw.next({ expires: 2_000 }); // a process that takes the message and dies without a word
    expect(taken?.info.deliveryCount).toBe(1);

    const revived = new EventConsumer({ ...options, handler: async () => void handled++ });
    await revived.start();
    const [letter] = await eventually(async () => {
      const letters = await listDeadLetters(db, { consumer: 'crashy' });
      return letters.length > 0 && letters;
    });
    await revived.stop();
    expect(letter.error).toMatch(/No attempt completed/);
    expect(letter.deliveries).toBe(2);
    expect(handled).toBe(0);
  });
});

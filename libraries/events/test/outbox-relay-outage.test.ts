import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createServiceDataSource } from '@omotenashi/db';
import { createTestInfra, eventually, type TestInfra } from '@omotenashi/testkit';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { OutboxRelay, ensureStreams, streamName, writeOutbox } from '../src';
import { countRows, createBooking, metricValue, serviceDataSource, silentLogger } from './events-test-kit';
import { PrivateNatsServer } from './private-nats-server';

describe('outbox relay when NATS fails and when relays compete', () => {
  let infra: TestInfra;
  let db: DataSource;
  const unpublished = () => countRows(db, `SELECT 1 FROM outbox WHERE published_at IS NULL`);
  const streamMessages = async (url: string) => {
    const nc = await connect({ servers: url });
    const info = await (await jetstreamManager(nc)).streams.info(streamName(infra.eventsNamespace, 'BOOKING'));
    await nc.close();
    return info.state.messages;
  };

  beforeAll(async () => {
    infra = await createTestInfra('evrelayoutage');
    db = await serviceDataSource(infra.databaseUrl, 'booking');
  });

  afterAll(async () => {
    await db?.destroy();
    await infra?.cleanup();
  });

  it('When NATS goes down, then rows stay unpublished with attempts and last_error, and are published once each when it is back', async () => {
    const server = await PrivateNatsServer.start();
    const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    await ensureStreams(await jetstreamManager(nc), infra.eventsNamespace, ['BOOKING']);
    const relay = new OutboxRelay({
      dataSource: db,
      nats: nc,
      namespace: infra.eventsNamespace,
      logger: silentLogger,
      pollIntervalMs: 200,
      publishTimeoutMs: 300,
      retryBaseMs: 100,
      retryMaxMs: 400,
    });
    try {
      await server.halt();
      await relay.start();
      await Promise.all([createBooking(db), createBooking(db), createBooking(db)]);

      await eventually(async () => (await countRows(db, `SELECT 1 FROM outbox WHERE attempts >= 2 AND last_error IS NOT NULL`)) === 3);
      expect(await unpublished()).toBe(3);
      expect(await metricValue('events_publish_failures_total', { outbox: 'booking' })).toBeGreaterThanOrEqual(6);
      await eventually(async () => (await metricValue('events_outbox_pending', { outbox: 'booking' })) === 3);

      await server.resume();
      await eventually(async () => (await unpublished()) === 0, 15_000);
      // Publications buffered while disconnected and their retries share a Nats-Msg-Id: JetStream kept one each.
      expect(await streamMessages(server.url)).toBe(3);
    } finally {
      await relay.stop();
      await nc.close();
      await server.destroy();
    }
  });

  it('When the relay holds a NATS connection that is closed for good, then its rows wait, marked with the error', async () => {
    const closed = await connect({ servers: infra.natsUrl });
    await closed.close();
    const relay = new OutboxRelay({ dataSource: db, nats: closed, namespace: infra.eventsNamespace, logger: silentLogger, retryBaseMs: 50 });
    await relay.start();
    const booking = await createBooking(db);
    await eventually(async () => {
      const [row] = await db.query(`SELECT attempts, last_error, published_at FROM outbox WHERE id = $1`, [booking.eventId]);
      return row.attempts > 0 && row;
    });
    await relay.stop();
    const [row] = await db.query(`SELECT last_error, published_at FROM outbox WHERE id = $1`, [booking.eventId]);
    expect(row.published_at).toBeNull();
    expect(row.last_error).toMatch(/closed/i);
  });

  it('When two relays run at once, then every row is published exactly once', async () => {
    const nc = await connect({ servers: infra.natsUrl });
    await ensureStreams(await jetstreamManager(nc), infra.eventsNamespace, ['BOOKING']);
    const businessId = uuidv7();
    await db.transaction(async (manager) => {
      for (let i = 0; i < 200; i++) {
        await writeOutbox(manager, { subject: 'booking.booking.created', eventType: 'omotenashi.events.v1.BookingCreated', businessId, payload: new Uint8Array([i % 256]) });
      }
    });
    const backlog = await unpublished(); // 200, plus the row the closed-connection relay left behind
    const publishedBefore = await metricValue('events_published_total', { outbox: 'booking' });
    const duplicatesBefore = await metricValue('events_publish_duplicates_total', { outbox: 'booking' });
    const second = await createServiceDataSource({ url: infra.databaseUrl, schema: 'booking', environment: 'test', poolMax: 3 }).initialize();
    const relays = [db, second].map(
      (dataSource) => new OutboxRelay({ dataSource, nats: nc, namespace: infra.eventsNamespace, logger: silentLogger, batchSize: 10 }),
    );
    try {
      await Promise.all(relays.map((relay) => relay.start()));
      await eventually(async () => (await unpublished()) === 0, 15_000);
      expect((await metricValue('events_published_total', { outbox: 'booking' })) - publishedBefore).toBe(backlog);
      expect((await metricValue('events_publish_duplicates_total', { outbox: 'booking' })) - duplicatesBefore).toBe(0);
      expect(await streamMessages(infra.natsUrl)).toBe(backlog);
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
      await second.destroy();
      await nc.close();
    }
  });
});

import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createServiceDataSource, migrateServiceSchema } from '@omotenashi/db';
import { createLogger, runWithContext } from '@omotenashi/logging';
import { registry } from '@omotenashi/metrics';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { EVENTS_TABLES_DOWN_SQL, EVENTS_TABLES_SQL, ensureStreams, writeOutbox } from '../src';

export const silentLogger = createLogger('events-test', { level: process.env.TEST_LOG_LEVEL ?? 'silent' });

class EventsTables1764300000000 implements MigrationInterface {
  name = 'EventsTables1764300000000';
  async up(runner: QueryRunner) {
    await runner.query(EVENTS_TABLES_SQL);
  }
  async down(runner: QueryRunner) {
    await runner.query(EVENTS_TABLES_DOWN_SQL);
  }
}

/** A stand-in for a service's own state (a booking) and for a consumer's effect (a projection row). */
class TestTables1764300000001 implements MigrationInterface {
  name = 'TestTables1764300000001';
  async up(runner: QueryRunner) {
    await runner.query(`CREATE TABLE test_bookings (id uuid PRIMARY KEY, business_id uuid NOT NULL)`);
    await runner.query(`CREATE TABLE test_effects (event_id uuid NOT NULL, consumer text NOT NULL, business_id uuid NOT NULL, payload text NOT NULL)`);
  }
  async down(runner: QueryRunner) {
    await runner.query(`DROP TABLE test_effects; DROP TABLE test_bookings`);
  }
}

/** Migrates `schema` the way a service does (own role, search_path) and returns a DataSource running as that role. */
export async function serviceDataSource(databaseUrl: string, schema: string): Promise<DataSource> {
  const migrations = [EventsTables1764300000000, TestTables1764300000001];
  await migrateServiceSchema({ url: databaseUrl, schema, environment: 'test', migrations });
  const dataSource = createServiceDataSource({ url: databaseUrl, schema, environment: 'test', poolMax: 5 });
  return dataSource.initialize();
}

export async function natsWithStreams(url: string, namespace: string): Promise<NatsConnection> {
  const nc = await connect({ servers: url });
  await ensureStreams(await jetstreamManager(nc), namespace, ['BOOKING']);
  return nc;
}

/** Commits a booking and its `booking.booking.created` event in one transaction, as a producer's use case does. */
export async function createBooking(
  producer: DataSource,
  options: { businessId?: string; requestId?: string; payload?: string; fail?: boolean } = {},
): Promise<{ bookingId: string; eventId: string; businessId: string }> {
  const businessId = options.businessId ?? uuidv7();
  const bookingId = uuidv7();
  const work = () =>
    producer.transaction(async (manager) => {
      await manager.query(`INSERT INTO test_bookings (id, business_id) VALUES ($1, $2)`, [bookingId, businessId]);
      const eventId = await writeOutbox(manager, {
        subject: 'booking.booking.created',
        eventType: 'omotenashi.events.v1.BookingCreated',
        businessId,
        payload: new TextEncoder().encode(options.payload ?? bookingId),
      });
      if (options.fail) throw new Error('use case failed after writing the outbox row');
      return { bookingId, eventId, businessId };
    });
  return options.requestId ? runWithContext({ requestId: options.requestId, businessId }, work) : work();
}

export async function countRows(dataSource: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = (await dataSource.query(`SELECT count(*)::int AS n FROM (${sql}) AS q`, params)) as { n: number }[];
  return row.n;
}

/** Sum of a counter's or gauge's series whose labels include `labels` (0 when nothing was recorded yet). */
export async function metricValue(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want))
    .reduce((sum, v) => sum + v.value, 0);
}

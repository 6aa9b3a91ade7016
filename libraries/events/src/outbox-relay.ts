import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@omotenashi/logging';
import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_HEADERS, toNatsHeaders } from './event-envelope';
import { relayMetrics } from './events.metrics';
import { OutboxListener } from './outbox-listener';
import { namespacedSubject } from './streams';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  nats: NatsConnection;
  namespace: string;
  logger: Logger;
  batchSize?: number;
  /** Safety net behind LISTEN/NOTIFY: how long to sleep when idle. */
  pollIntervalMs?: number;
  publishTimeoutMs?: number;
  /** Backoff after a failed batch: doubles from `retryBaseMs` up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

interface OutboxRow {
  id: string;
  subject: string;
  event_type: string;
  business_id: string;
  payload: Buffer;
  headers: Record<string, string>;
  created_at: Date;
}

type Outcome = 'full' | 'partial' | 'failed';

const GAUGES_EVERY_MS = 1_000;

/** Publishes committed outbox rows to JetStream; several relays may run against one schema. */
export class OutboxRelay {
  private readonly js: JetStreamClient;
  private readonly listener: OutboxListener;
  private readonly metrics = relayMetrics();
  private readonly label: string;
  private running?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  /** Set by NOTIFY; a notification that lands mid-batch must still cut the next sleep short. */
  private notified = false;
  private failures = 0;
  private gaugesAt = -Infinity;

  constructor(private readonly options: OutboxRelayOptions) {
    this.js = jetstream(options.nats, { timeout: options.publishTimeoutMs ?? 5_000 });
    this.listener = new OutboxListener(options.dataSource, () => this.onNotify(), options.logger);
    this.label = String((options.dataSource.options as { schema?: string }).schema ?? 'public');
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.stopping = false;
    await this.listener.ensure();
    this.running = this.loop();
  }

  /** Lets the batch in flight finish (published rows get marked), then releases the LISTEN connection. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
    await this.listener.close();
  }

  private onNotify(): void {
    this.notified = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let outcome: Outcome;
      this.notified = false;
      try {
        outcome = await this.relayBatch();
      } catch (error) {
        this.options.logger.error({ err: error }, 'outbox relay cycle failed');
        outcome = 'failed';
      }
      this.failures = outcome === 'failed' ? this.failures + 1 : 0;
      // The pending/lag gauges cost a query: at most one a second, not one per batch (a busy relay
      // runs a batch per commit it is notified of).
      if (performance.now() - this.gaugesAt >= GAUGES_EVERY_MS) {
        this.gaugesAt = performance.now();
        await this.refreshGauges().catch(() => undefined);
      }
      if (outcome === 'full' || this.stopping) continue;
      if (outcome === 'failed') await this.sleep(this.backoffMs(), false);
      else await this.sleep(this.options.pollIntervalMs ?? 1_000, true);
      await this.listener.ensure();
    }
  }

  private backoffMs(): number {
    const base = this.options.retryBaseMs ?? 500;
    return Math.min(this.options.retryMaxMs ?? 30_000, base * 2 ** Math.min(this.failures - 1, 16));
  }

  private sleep(ms: number, wakeOnNotify: boolean): Promise<void> {
    if (this.stopping || (wakeOnNotify && this.notified)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const stopping = () => this.stopping && done();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = wakeOnNotify ? done : stopping;
    });
  }

  /** One transaction: lock a batch (skipping rows other relays hold), publish, mark what JetStream acknowledged. */
  private relayBatch(): Promise<Outcome> {
    const batchSize = this.options.batchSize ?? 100;
    return this.options.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT id, subject, event_type, business_id, payload, headers, created_at FROM outbox
          WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      )) as OutboxRow[];
      if (rows.length === 0) return 'partial';
      // Sent in order on one connection, so stream order matches outbox order; acks are awaited together.
      const results = await Promise.allSettled(rows.map((row) => this.publish(row)));
      const published = rows.filter((_, i) => results[i].status === 'fulfilled').map((row) => row.id);
      if (published.length) {
        await manager.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, [published]);
      }
      const failed = results.findIndex((result) => result.status === 'rejected');
      if (failed === -1) return rows.length === batchSize ? 'full' : 'partial';
      await this.recordFailure(manager, rows, results);
      return 'failed';
    });
  }

  private async publish(row: OutboxRow): Promise<void> {
    const event = {
      id: row.id,
      subject: row.subject,
      eventType: row.event_type,
      businessId: row.business_id,
      occurredAt: row.created_at,
      requestId: row.headers[EVENT_HEADERS.requestId],
      traceparent: row.headers[EVENT_HEADERS.traceparent],
      payload: row.payload,
    };
    const ack = await this.js.publish(namespacedSubject(this.options.namespace, row.subject), row.payload, {
      msgID: row.id,
      headers: toNatsHeaders(event),
    });
    if (ack.duplicate) this.metrics.duplicates.inc({ outbox: this.label });
    this.metrics.published.inc({ outbox: this.label, event_type: row.event_type });
  }

  private async recordFailure(manager: EntityManager, rows: OutboxRow[], results: PromiseSettledResult<void>[]) {
    const failedIds = rows.filter((_, i) => results[i].status === 'rejected').map((row) => row.id);
    const reason = (results.find((result) => result.status === 'rejected') as PromiseRejectedResult).reason;
    const message = reason instanceof Error ? reason.message : String(reason);
    this.metrics.failures.inc({ outbox: this.label }, failedIds.length);
    this.options.logger.warn({ err: reason, failed: failedIds.length }, 'outbox publish failed; will retry');
    await manager.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])`, [
      failedIds,
      message.slice(0, 2000),
    ]);
  }

  private async refreshGauges(): Promise<void> {
    const [row] = (await this.options.dataSource.query(
      `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS lag
         FROM outbox WHERE published_at IS NULL`,
    )) as { pending: number; lag: number }[];
    this.metrics.pending.set({ outbox: this.label }, row.pending);
    this.metrics.lag.set({ outbox: this.label }, row.lag);
  }
}

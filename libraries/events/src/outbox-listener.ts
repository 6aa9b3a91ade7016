import type { Logger } from '@omotenashi/logging';
import type { Notification, PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { OUTBOX_CHANNEL_PREFIX } from './events-tables.sql';

/**
 * Holds one pooled connection LISTENing for commits that wrote outbox rows in this schema. The relay
 * also polls, so a lost connection only costs latency; `ensure()` re-opens it on the next cycle.
 */
export class OutboxListener {
  private runner?: QueryRunner;
  private channel?: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly onNotify: () => void,
    private readonly logger: Logger,
  ) {}

  async ensure(): Promise<void> {
    if (this.runner && !this.runner.isReleased) return;
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      const [{ schema }] = (await runner.query('SELECT current_schema() AS schema')) as { schema: string }[];
      this.channel = OUTBOX_CHANNEL_PREFIX + schema;
      client.on('notification', (notification: Notification) => {
        if (notification.channel === this.channel) this.onNotify();
      });
      await runner.query(`LISTEN "${this.channel.replace(/"/g, '""')}"`);
      this.runner = runner;
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox relay could not LISTEN; polling only until it can');
      await runner.release().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    if (!runner || runner.isReleased) return;
    await runner.query('UNLISTEN *').catch(() => undefined);
    await runner.release();
  }
}

import type { Logger } from '@omotenashi/logging';
import type { DataSource } from 'typeorm';
import { claimNextWebhook, inboxBacklog, markWebhookFailed, markWebhookProcessed } from '../../data-access/webhook-inbox.repository';
import { applyWebhook } from '../../domain/use-cases/apply-webhook.use-case';
import { backoffMs } from '../../domain/use-cases/payment-deps';
import { paymentMetrics } from '../../payment.metrics';
import { startPoller, type Poller } from './poller';

export interface InboxProcessorOptions {
  dataSource: DataSource;
  logger: Logger;
  pollIntervalMs: number;
  maxAttempts: number;
  /** Called after a webhook recorded new provider commands (captures, cancels, refunds). */
  wakeCommands: () => void;
  /** Webhooks handled per pass before the backlog gauge is refreshed. */
  batchSize?: number;
}

const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * Processes the webhook inbox: each row is claimed with FOR UPDATE SKIP LOCKED (so several workers
 * share it) and applied in that same transaction with its state change and outbox row, then marked
 * processed. A failing row is retried with backoff and parked after `maxAttempts`.
 */
export function startInboxProcessor(options: InboxProcessorOptions): Poller {
  const { dataSource, logger } = options;
  const batchSize = options.batchSize ?? 50;

  /** Handles one row; undefined when nothing is due. */
  async function processOne(): Promise<boolean | undefined> {
    let failed: { id: string; provider: string; attempts: number; error: unknown } | undefined;
    const outcome = await dataSource.transaction(async (db) => {
      const entry = await claimNextWebhook(db);
      if (!entry) return undefined;
      try {
        const commands = await db.transaction(async (inner) => applyWebhook(inner, entry));
        await markWebhookProcessed(db, entry.id);
        return commands.length > 0;
      } catch (error) {
        // The savepoint rolled the attempt back; the row stays locked until this transaction records the failure.
        failed = { id: entry.id, provider: entry.provider, attempts: entry.attempts + 1, error };
        const park = failed.attempts >= options.maxAttempts;
        await markWebhookFailed(db, entry.id, errorText(error), backoffMs(failed.attempts), park);
        return false;
      }
    });
    if (failed) {
      const parked = failed.attempts >= options.maxAttempts;
      if (parked) paymentMetrics.inboxParked.inc({ provider: failed.provider });
      logger.warn({ err: failed.error, inbox_id: failed.id, attempts: failed.attempts, parked }, 'webhook could not be applied');
    }
    if (outcome) options.wakeCommands();
    return outcome === undefined ? undefined : true;
  }

  return startPoller(
    'webhook-inbox',
    async () => {
      let handled = 0;
      while (handled < batchSize && (await processOne()) !== undefined) handled++;
      paymentMetrics.inboxBacklog.set(await inboxBacklog(dataSource.manager));
      return handled === batchSize;
    },
    options.pollIntervalMs,
    logger,
  );
}

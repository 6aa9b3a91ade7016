import type { Logger } from '@omotenashi/logging';
import type { DataSource } from 'typeorm';
import { SANDBOX_SIGNATURE_HEADER, signSandboxPayload } from './sandbox-signature';

export interface SandboxWebhookDeliveryOptions {
  dataSource: DataSource;
  /** Where events are POSTed (the public API's `/v1/payments/webhooks/sandbox`). */
  url: string;
  secret: string;
  logger: Logger;
  pollIntervalMs?: number;
  /** After this many failed attempts an event is abandoned (kept, with its last error); 12 spans about half an hour. */
  maxAttempts?: number;
  batchSize?: number;
  requestTimeoutMs?: number;
  /** Backoff after a failed attempt: doubles from `retryBaseMs` up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

interface DueDelivery {
  seq: string;
  id: string;
  body: string;
  attempts: number;
}

interface Attempt {
  ok: boolean;
  status?: number;
  error?: string;
}

/**
 * Delivers queued sandbox events, at least once, as Stripe does: each due row is leased (claimed with
 * FOR UPDATE SKIP LOCKED, so several workers share the queue) for the length of one request; a crash
 * mid-request only lets the lease run out and the event is sent again. No order is promised: the
 * receiver orders by the event's own `created` time.
 */
export function startSandboxWebhookDelivery(options: SandboxWebhookDeliveryOptions): { stop(): Promise<void> } {
  const settings = {
    pollIntervalMs: options.pollIntervalMs ?? 250,
    maxAttempts: options.maxAttempts ?? 12,
    batchSize: options.batchSize ?? 20,
    requestTimeoutMs: options.requestTimeoutMs ?? 5_000,
    retryBaseMs: options.retryBaseMs ?? 1_000,
    retryMaxMs: options.retryMaxMs ?? 15 * 60_000,
  };
  if (!options.secret) throw new Error('sandbox webhook delivery needs the signing secret');
  new URL(options.url); // a bad URL fails at start, not on every attempt
  let stopping = false;
  let wake: (() => void) | undefined;

  const claim = async (): Promise<DueDelivery[]> => {
    const leaseMs = settings.requestTimeoutMs + 5_000;
    const [rows] = await options.dataSource.query(
      `UPDATE sandbox_webhook_deliveries d SET next_attempt_at = now() + $2::double precision * interval '1 millisecond'
         FROM (SELECT seq FROM sandbox_webhook_deliveries
                WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= now()
                ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED) due
        WHERE d.seq = due.seq
        RETURNING d.seq, d.id, d.body, d.attempts`,
      [settings.batchSize, leaseMs],
    );
    return (rows as DueDelivery[]).sort((a, b) => Number(a.seq) - Number(b.seq));
  };

  const post = async (delivery: DueDelivery): Promise<Attempt> => {
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SANDBOX_SIGNATURE_HEADER]: signSandboxPayload(delivery.body, options.secret) },
        body: delivery.body,
        signal: AbortSignal.timeout(settings.requestTimeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? { ok: true, status: response.status } : { ok: false, status: response.status, error: `HTTP ${response.status}` };
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      return { ok: false, error: [(error as Error).message, cause].filter(Boolean).join(': ') };
    }
  };

  const record = async (delivery: DueDelivery, attempt: Attempt): Promise<void> => {
    if (attempt.ok) {
      await options.dataSource.query(
        `UPDATE sandbox_webhook_deliveries SET delivered_at = now(), attempts = attempts + 1, last_status = $2, last_error = NULL WHERE seq = $1`,
        [delivery.seq, attempt.status],
      );
      return;
    }
    const attempts = delivery.attempts + 1;
    const giveUp = attempts >= settings.maxAttempts;
    const backoffMs = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.min(attempts - 1, 20));
    await options.dataSource.query(
      `UPDATE sandbox_webhook_deliveries
          SET attempts = $2, last_status = $3, last_error = $4,
              next_attempt_at = now() + $5::double precision * interval '1 millisecond', abandoned_at = CASE WHEN $6::boolean THEN now() END
        WHERE seq = $1`,
      [delivery.seq, attempts, attempt.status ?? null, (attempt.error ?? 'failed').slice(0, 2000), backoffMs, giveUp],
    );
    const log = { eventId: delivery.id, attempts, status: attempt.status, error: attempt.error };
    if (giveUp) options.logger.error(log, 'sandbox webhook abandoned after the last attempt');
    else options.logger.warn(log, 'sandbox webhook delivery failed; will retry');
  };

  const deliverBatch = async (): Promise<number> => {
    const due = await claim();
    await Promise.all(due.map(async (delivery) => record(delivery, await post(delivery))));
    return due.length;
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const loop = async () => {
    while (!stopping) {
      let delivered = 0;
      try {
        delivered = await deliverBatch();
      } catch (error) {
        options.logger.error({ err: error }, 'sandbox webhook delivery cycle failed');
      }
      if (!stopping && delivered < settings.batchSize) await sleep(settings.pollIntervalMs);
    }
  };
  const running = loop();

  return {
    /** Lets the batch in flight finish and be recorded, then returns. */
    async stop() {
      stopping = true;
      wake?.();
      await running;
    },
  };
}

import type { Logger } from '@omotenashi/logging';
import { Queue, Worker } from 'bullmq';
import { unwatchQueues } from './job-metrics';

interface Closable {
  close(): Promise<void>;
}

export interface CloseAllOptions {
  /** How long workers may finish the jobs in hand; keep it under the pod's termination grace period. */
  timeoutMs?: number;
  logger?: Logger;
}

/**
 * Graceful shutdown: workers first (each finishes the jobs in hand and takes no new ones), then
 * queues and anything else. A worker still busy after `timeoutMs` has its jobs' abort signals fired
 * and is left behind; its jobs' locks lapse and another worker runs them again (at least once).
 */
export async function closeAll(resources: Closable[], options: CloseAllOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const workers = resources.filter((r): r is Worker => r instanceof Worker);
  const others = resources.filter((r) => !(r instanceof Worker));
  unwatchQueues(others.filter((r): r is Queue => r instanceof Queue));
  await Promise.all(workers.map((worker) => closeWorker(worker, timeoutMs, options.logger)));
  await Promise.all(others.map((r) => r.close()));
}

async function closeWorker(worker: Worker, timeoutMs: number, logger?: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const outcome = await Promise.race([worker.close().then(() => 'closed' as const), timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    logger?.warn({ queue: worker.name, timeout_ms: timeoutMs }, 'worker still busy at shutdown; cancelling its jobs');
    worker.cancelAllJobs('shutdown');
  }
}

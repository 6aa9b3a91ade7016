import { keyPrefix, throttledWarning } from '@omotenashi/cache';
import { acceptRequestId, createLogger, runWithContext, type Logger } from '@omotenashi/logging';
import { Queue, Worker, type ConnectionOptions, type DefaultJobOptions, type Job, type Processor, type RateLimiterOptions, type WorkerOptions } from 'bullmq';
import { jobMetrics } from './job-metrics';
import { DEFAULT_JOB_OPTIONS, JOB_PRIORITY, WORKER_DEFAULTS, type QueueName } from './queue-names';

/** BullMQ's key prefix for a service, e.g. `t-xyz:booking:bull`: the same namespace rule as the cache. */
export function queuePrefix(redisKeyPrefix: string, service: string): string {
  return `${keyPrefix(redisKeyPrefix, service)}bull`;
}

export interface CreateQueueOptions {
  /** Connection options (e.g. `{ url }`); BullMQ then opens connections with the settings it needs. */
  connection: ConnectionOptions;
  /** From `queuePrefix()`. */
  prefix: string;
  defaultJobOptions?: DefaultJobOptions;
  /** Receives connection errors (throttled); without it they go to the process logger of `jobs`. */
  logger?: Logger;
}

export function createQueue<Data = unknown, Result = unknown>(name: QueueName, options: CreateQueueOptions): Queue<Data, Result> {
  const queue = new Queue<Data, Result>(name, {
    connection: options.connection,
    prefix: options.prefix,
    // A job added without a priority would jump ahead of every prioritized job, high ones included.
    defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, priority: JOB_PRIORITY.normal, ...options.defaultJobOptions },
  });
  // An 'error' event without a listener would crash the process when Redis drops the connection.
  const warn = throttledWarning(options.logger ?? createLogger('jobs'));
  queue.on('error', (error) => warn({ queue: name, err: error.message }, 'queue connection error'));
  return queue;
}

export interface CreateWorkerOptions {
  connection: ConnectionOptions;
  prefix: string;
  logger: Logger;
  concurrency?: number;
  limiter?: RateLimiterOptions;
  /** Any other BullMQ worker option (lock duration, stalled interval…). */
  workerOptions?: Partial<Omit<WorkerOptions, 'connection' | 'prefix' | 'concurrency' | 'limiter'>>;
}

/** Job data may carry the request that caused it, so the processor's log lines can be traced back. */
function contextOf(job: Job): { requestId: string; businessId?: string } {
  const data = (job.data ?? {}) as { requestId?: unknown; businessId?: unknown };
  return {
    requestId: acceptRequestId(data.requestId),
    ...(typeof data.businessId === 'string' ? { businessId: data.businessId } : {}),
  };
}

export function createWorker<Data = unknown, Result = unknown>(
  name: QueueName,
  processor: Processor<Data, Result>,
  options: CreateWorkerOptions,
): Worker<Data, Result> {
  const { logger } = options;
  const instrumented: Processor<Data, Result> = (job, token, signal) => {
    const stopTimer = jobMetrics.duration.startTimer({ queue: name });
    return runWithContext(contextOf(job), () => processor(job, token, signal)).finally(stopTimer);
  };
  const worker = new Worker<Data, Result>(name, instrumented, {
    ...options.workerOptions,
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency ?? WORKER_DEFAULTS.concurrency,
    limiter: options.limiter ?? WORKER_DEFAULTS.limiter,
  });

  worker.on('completed', () => jobMetrics.completed.inc({ queue: name }));
  worker.on('failed', (job, error) => {
    // BullMQ sets finishedOn only when the job moves to `failed` for good; a retry leaves it unset.
    const final = !job || Boolean(job.finishedOn);
    jobMetrics.failed.inc({ queue: name, final: String(final) });
    // Never the payload: it may hold customer names, emails or webhook bodies.
    const fields = { queue: name, job_id: job?.id, job_name: job?.name, attempt: job?.attemptsMade, max_attempts: job?.opts.attempts, err: error.message };
    if (final) logger.error(fields, 'job failed, no attempts left');
    else logger.warn(fields, 'job attempt failed, will retry');
  });
  worker.on('stalled', (jobId) => logger.warn({ queue: name, job_id: jobId }, 'job stalled: its worker lost the lock, it will run again'));
  const warn = throttledWarning(logger);
  worker.on('error', (error) => warn({ queue: name, err: error.message }, 'worker error'));
  return worker;
}

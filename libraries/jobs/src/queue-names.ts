import type { DefaultJobOptions, RateLimiterOptions } from 'bullmq';

/** Every BullMQ queue of the platform (DESIGN §8). */
export const QUEUE_NAMES = ['email', 'reminders', 'webhooks', 'analytics', 'holds'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** The seed's job settings, verbatim. */
export const DEFAULT_JOB_OPTIONS: Readonly<DefaultJobOptions> = Object.freeze({
  removeOnComplete: 1000,
  removeOnFail: 5000,
  attempts: 3,
  backoff: Object.freeze({ type: 'exponential', delay: 1000 }),
});

/** BullMQ runs lower numbers first; 0 would mean "unprioritized", which BullMQ runs before every prioritized job. */
export const JOB_PRIORITY = Object.freeze({ high: 1, normal: 5, low: 10 });
export type JobPriority = keyof typeof JOB_PRIORITY;

export const WORKER_DEFAULTS: Readonly<{ concurrency: number; limiter: RateLimiterOptions }> = Object.freeze({
  concurrency: 5,
  limiter: Object.freeze({ max: 100, duration: 1000 }),
});

/**
 * Processing-time targets (seconds) that alerts compare `job_duration_seconds` against. The seed names
 * four queues; `holds` is not among them and gets the reminder target: it is one row update too.
 */
export const JOB_PROCESSING_TARGET_SECONDS: Readonly<Record<QueueName, number>> = Object.freeze({
  email: 2,
  analytics: 30,
  webhooks: 1,
  reminders: 1,
  holds: 1,
});

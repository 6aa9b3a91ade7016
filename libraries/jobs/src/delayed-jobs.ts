import type { Job, JobsOptions, Queue } from 'bullmq';

export interface DelayedJobOptions extends Omit<JobsOptions, 'jobId' | 'delay'> {
  /** Stable id of the thing scheduled, from `jobIds` (e.g. `hold-{bookingId}`). */
  jobId: string;
  delayMs: number;
}

export type RemoveOutcome = 'removed' | 'absent' | 'running';

/** Adds the job unless one with the same id exists (in any state); returns the job that is scheduled. */
export async function scheduleDelayedJob<Data>(queue: Queue<Data>, name: string, data: Data, options: DelayedJobOptions): Promise<Job<Data>> {
  const { jobId, delayMs, ...rest } = options;
  await (queue as Queue).add(name, data, { ...rest, jobId, delay: Math.max(0, delayMs) });
  // add() answers with a local object even for a duplicate; the stored job is the truth.
  return (await queue.getJob(jobId)) as Job<Data>;
}

/**
 * Removes a scheduled job, whatever state it is in, except while a worker is running it (its lock
 * protects it): then the caller learns it is `running` and must cope with the job's effect.
 */
export async function removeScheduledJob(queue: Queue, jobId: string): Promise<RemoveOutcome> {
  const job = await queue.getJob(jobId);
  if (!job) return 'absent';
  return (await queue.remove(jobId)) === 1 ? 'removed' : 'running';
}

/** Cancels and re-adds the job under the same id with new data and delay (e.g. a hold that was extended). */
export async function rescheduleDelayedJob<Data>(
  queue: Queue<Data>,
  name: string,
  data: Data,
  options: DelayedJobOptions,
): Promise<{ job: Job<Data>; outcome: RemoveOutcome }> {
  const outcome = await removeScheduledJob(queue as Queue, options.jobId);
  if (outcome === 'running') return { job: (await queue.getJob(options.jobId)) as Job<Data>, outcome };
  return { job: await scheduleDelayedJob(queue, name, data, options), outcome };
}

import type { Queue } from 'bullmq';
import { counter, gauge, histogram } from '@omotenashi/metrics';

export const jobMetrics = {
  duration: histogram<'queue'>({
    name: 'job_duration_seconds',
    help: 'Time a processor took for one attempt of a job, failed attempts included',
    labelNames: ['queue'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
  }),
  completed: counter<'queue'>({ name: 'jobs_completed_total', help: 'Jobs that completed', labelNames: ['queue'] }),
  failed: counter<'queue' | 'final'>({
    name: 'jobs_failed_total',
    help: 'Failed job attempts; final="true" when no attempt is left',
    labelNames: ['queue', 'final'],
  }),
};

const watched = new Set<Queue>();

/** Reported states: `waiting` includes prioritized jobs, which BullMQ keeps apart from its wait list. */
const STATES = ['waiting', 'active', 'failed', 'delayed'] as const;

gauge<'queue' | 'state'>({
  name: 'queue_jobs',
  help: 'Jobs per queue and state, read from Redis at scrape time',
  labelNames: ['queue', 'state'],
  async collect() {
    this.reset();
    for (const queue of watched) {
      // An unreachable Redis leaves this queue out of the scrape rather than failing all of /metrics.
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'failed', 'delayed').catch(() => undefined);
      if (!counts) continue;
      const byState: Record<string, number> = { ...counts, waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) };
      for (const state of STATES) this.inc({ queue: queue.name, state }, byState[state] ?? 0);
    }
  },
});

/** Adds the queues to the `queue_jobs` gauge; the returned function removes them again. */
export function watchQueues(queues: Queue[]): () => void {
  for (const queue of queues) watched.add(queue);
  return () => unwatchQueues(queues);
}

export function unwatchQueues(queues: Queue[]): void {
  for (const queue of queues) watched.delete(queue);
}

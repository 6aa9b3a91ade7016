import {
  closeAll,
  createQueue,
  createWorker,
  DEFAULT_JOB_OPTIONS,
  JOB_PRIORITY,
  JOB_PROCESSING_TARGET_SECONDS,
  QUEUE_NAMES,
  queuePrefix,
  WORKER_DEFAULTS,
} from '@omotenashi/jobs';
import { eventually } from '@omotenashi/testkit';
import { startJobsTest } from './jobs-test-kit';

let kit: Awaited<ReturnType<typeof startJobsTest>>;
beforeAll(async () => (kit = await startJobsTest('jobs-defaults')));
afterAll(() => kit.stop());

describe('queue defaults', () => {
  it('When the platform defaults are read, then they are the seed settings', () => {
    expect(QUEUE_NAMES).toEqual(['email', 'reminders', 'webhooks', 'analytics', 'holds']);
    expect(DEFAULT_JOB_OPTIONS).toEqual({
      removeOnComplete: 1000,
      removeOnFail: 5000,
      attempts: 3,
      backoff: { type: 'exponential', delay: 1000 },
    });
    expect(WORKER_DEFAULTS).toEqual({ concurrency: 5, limiter: { max: 100, duration: 1000 } });
    expect(JOB_PRIORITY.high).toBeLessThan(JOB_PRIORITY.normal);
    expect(JOB_PRIORITY.normal).toBeLessThan(JOB_PRIORITY.low);
    expect(JOB_PRIORITY.high).toBeGreaterThan(0);
    expect(JOB_PROCESSING_TARGET_SECONDS).toMatchObject({ email: 2, analytics: 30, webhooks: 1, reminders: 1 });
  });

  it('When a queue and a worker are created without overrides, then they use the seed settings', async () => {
    const queue = kit.track(createQueue('email', { connection: kit.connection, prefix: kit.prefix('booking') }));
    const worker = kit.track(createWorker('email', async () => undefined, { connection: kit.connection, prefix: kit.prefix('booking'), logger: kit.logger }));

    expect(queue.defaultJobOptions).toMatchObject({ ...DEFAULT_JOB_OPTIONS, priority: JOB_PRIORITY.normal });
    expect(worker.opts.concurrency).toBe(5);
    expect(worker.opts.limiter).toEqual({ max: 100, duration: 1000 });
    expect(queue.opts.prefix).toBe(`${kit.infra.redisKeyPrefix}:booking:bull`);
  });

  it('When no run prefix is set, then the queue prefix is the service namespace', () => {
    expect(queuePrefix('', 'payment')).toBe('payment:bull');
    expect(queuePrefix('t-abc', 'payment')).toBe('t-abc:payment:bull');
  });
});

describe('shutdown', () => {
  it('When workers and queues are closed mid-job, then the job in hand finishes before close returns', async () => {
    const prefix = kit.prefix('shutdown');
    const queue = createQueue('analytics', { connection: kit.connection, prefix });
    let started = false;
    const worker = createWorker(
      'analytics',
      async () => {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 300));
        return 'aggregated';
      },
      { connection: kit.connection, prefix, logger: kit.logger },
    );
    const { id } = await queue.add('daily', { businessId: 'b1' });
    await eventually(async () => started);

    await closeAll([queue, worker], { timeoutMs: 5_000 });

    const reader = createQueue('analytics', { connection: kit.connection, prefix });
    expect(await reader.getJobState(id!)).toBe('completed');
    await reader.close();
  });
});

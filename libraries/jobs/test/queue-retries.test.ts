import { createQueue, createWorker, type Job } from '@omotenashi/jobs';
import { eventually } from '@omotenashi/testkit';
import { metricValue, startJobsTest } from './jobs-test-kit';

let kit: Awaited<ReturnType<typeof startJobsTest>>;
beforeAll(async () => (kit = await startJobsTest('jobs-retries')));
afterAll(() => kit.stop());

/** Same attempts as production, shorter backoff so the suite stays quick. */
const FAST_BACKOFF = { backoff: { type: 'exponential', delay: 50 } };

describe('job retries', () => {
  it('When a job fails twice, then it completes on its third attempt after exponential backoff', async () => {
    const prefix = kit.prefix('retry-ok');
    const queue = kit.track(createQueue('webhooks', { connection: kit.connection, prefix, defaultJobOptions: FAST_BACKOFF }));
    const attemptTimes: number[] = [];
    kit.track(
      createWorker(
        'webhooks',
        async (job: Job) => {
          attemptTimes.push(Date.now());
          if (job.attemptsMade < 2) throw new Error('endpoint answered 503');
          return 'delivered';
        },
        { connection: kit.connection, prefix, logger: kit.logger },
      ),
    );

    const { id } = await queue.add('deliver', { endpoint: 'https://example.test/hook' });

    await eventually(async () => (await queue.getJobState(id!)) === 'completed');
    const job = await queue.getJob(id!);
    expect(job?.attemptsMade).toBe(3);
    expect(job?.returnvalue).toBe('delivered');
    // delay·2^(n-1): at least 50 ms before the 2nd attempt and 100 ms before the 3rd.
    expect(attemptTimes[1]! - attemptTimes[0]!).toBeGreaterThanOrEqual(45);
    expect(attemptTimes[2]! - attemptTimes[1]!).toBeGreaterThanOrEqual(95);
    expect(await metricValue('jobs_completed_total', { queue: 'webhooks' })).toBe(1);
    expect(await metricValue('job_duration_seconds', { queue: 'webhooks' }, 'job_duration_seconds_count')).toBe(3);
  });

  it('When a job always fails, then it ends failed after three attempts and is logged without its payload', async () => {
    const prefix = kit.prefix('retry-fail');
    const queue = kit.track(createQueue('email', { connection: kit.connection, prefix, defaultJobOptions: FAST_BACKOFF }));
    const worker = kit.track(
      createWorker('email', async () => Promise.reject(new Error('smtp refused')), { connection: kit.connection, prefix, logger: kit.logger }),
    );
    let timesSeen = 0;
    worker.on('failed', () => timesSeen++);

    const { id } = await queue.add('confirmation', { to: 'hanako@example.test', secret: 'manage-token-123' });

    await eventually(async () => (await queue.getJobState(id!)) === 'failed');
    expect((await queue.getJob(id!))?.attemptsMade).toBe(3);
    expect(timesSeen).toBe(3);
    expect(await metricValue('jobs_failed_total', { queue: 'email', final: 'false' })).toBe(2);
    expect(await metricValue('jobs_failed_total', { queue: 'email', final: 'true' })).toBe(1);

    const failureLines = kit.lines.filter((line) => line.queue === 'email' && line.job_id === id);
    expect(failureLines.map((line) => [line.level, line.attempt])).toEqual([
      [40, 1],
      [40, 2],
      [50, 3],
    ]);
    expect(JSON.stringify(failureLines)).not.toContain('manage-token-123');
    expect(failureLines[2]).toMatchObject({ job_name: 'confirmation', err: 'smtp refused', max_attempts: 3 });
  });
});

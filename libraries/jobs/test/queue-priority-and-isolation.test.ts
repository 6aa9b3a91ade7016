import { createQueue, createWorker, JOB_PRIORITY, watchQueues } from '@omotenashi/jobs';
import { eventually } from '@omotenashi/testkit';
import { metricValue, startJobsTest } from './jobs-test-kit';

let kit: Awaited<ReturnType<typeof startJobsTest>>;
beforeAll(async () => (kit = await startJobsTest('jobs-prio')));
afterAll(() => kit.stop());

describe('queue priority, metrics and isolation', () => {
  it('When jobs wait on a paused queue, then on resume higher priority runs first and unprioritized counts as normal', async () => {
    const prefix = kit.prefix('prio');
    const queue = kit.track(createQueue('email', { connection: kit.connection, prefix }));
    await queue.pause();
    await queue.add('low', {}, { priority: JOB_PRIORITY.low });
    await queue.add('unprioritized', {});
    await queue.add('high', {}, { priority: JOB_PRIORITY.high });
    const order: string[] = [];
    const worker = kit.track(
      createWorker('email', async (job) => void order.push(job.name), { connection: kit.connection, prefix, logger: kit.logger, concurrency: 1 }),
    );
    await worker.waitUntilReady();

    await queue.resume();

    await eventually(async () => order.length === 3);
    expect(order).toEqual(['high', 'unprioritized', 'low']);
  });

  it('When queues are watched, then queue_jobs reports waiting, active, failed and delayed counts', async () => {
    const prefix = kit.prefix('watch');
    const queue = kit.track(createQueue('reminders', { connection: kit.connection, prefix, defaultJobOptions: { attempts: 1 } }));
    const worker = kit.track(
      createWorker('reminders', async () => Promise.reject(new Error('no recipient')), { connection: kit.connection, prefix, logger: kit.logger }),
    );
    const failed = await queue.add('remind', {});
    await eventually(async () => (await queue.getJobState(failed.id!)) === 'failed');
    await worker.close();
    await queue.add('remind', {});
    await queue.add('remind', {}, { priority: JOB_PRIORITY.high });
    await queue.add('remind', {}, { delay: 60_000 });

    const unwatch = watchQueues([queue]);
    const state = (s: string) => metricValue('queue_jobs', { queue: 'reminders', state: s });

    expect([await state('waiting'), await state('active'), await state('failed'), await state('delayed')]).toEqual([2, 0, 1, 1]);
    unwatch();
    expect(await state('waiting')).toBe(0);
  });

  it('When two services use the same queue name, then neither sees the other’s jobs', async () => {
    const bookingPrefix = kit.prefix('booking');
    const paymentPrefix = kit.prefix('payment');
    const booking = kit.track(createQueue('email', { connection: kit.connection, prefix: bookingPrefix }));
    const payment = kit.track(createQueue('email', { connection: kit.connection, prefix: paymentPrefix }));
    const seen: string[] = [];
    kit.track(createWorker('email', async (job) => void seen.push(job.name), { connection: kit.connection, prefix: bookingPrefix, logger: kit.logger }));

    await booking.add('booking-confirmation', {});
    await payment.add('payment-receipt', {});

    await eventually(async () => seen.length === 1);
    expect(seen).toEqual(['booking-confirmation']);
    expect(await payment.getJobCountByTypes('waiting', 'prioritized')).toBe(1);
    expect(await booking.getJobCountByTypes('waiting', 'prioritized')).toBe(0);
  });
});

import { createQueue, createWorker, jobIds, removeScheduledJob, rescheduleDelayedJob, scheduleDelayedJob, type Job } from '@omotenashi/jobs';
import { eventually } from '@omotenashi/testkit';
import { startJobsTest } from './jobs-test-kit';

let kit: Awaited<ReturnType<typeof startJobsTest>>;
beforeAll(async () => (kit = await startJobsTest('jobs-delayed')));
afterAll(() => kit.stop());

type HoldExpiry = { bookingId: string; version: number };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function holdsQueue(service: string) {
  return kit.track(createQueue<HoldExpiry>('holds', { connection: kit.connection, prefix: kit.prefix(service) }));
}

function holdsWorker(service: string, seen: HoldExpiry[]) {
  const processor = async (job: Job<HoldExpiry>) => void seen.push(job.data);
  return kit.track(createWorker('holds', processor, { connection: kit.connection, prefix: kit.prefix(service), logger: kit.logger }));
}

describe('delayed jobs', () => {
  it('When a job is delayed, then it runs after its delay and not before', async () => {
    const queue = holdsQueue('delay');
    const seen: HoldExpiry[] = [];
    holdsWorker('delay', seen);

    const job = await scheduleDelayedJob(queue, 'expire-hold', { bookingId: 'b1', version: 1 }, { jobId: jobIds.holdExpiry('b1'), delayMs: 600 });
    await sleep(200);

    expect(seen).toEqual([]);
    expect(await queue.getJobState(jobIds.holdExpiry('b1'))).toBe('delayed');
    await eventually(async () => seen.length === 1);
    const done = await queue.getJob(jobIds.holdExpiry('b1'));
    expect(done!.processedOn! - job.timestamp).toBeGreaterThanOrEqual(600);
  });

  it('When the same job id is scheduled while the first exists, then the second is ignored', async () => {
    const queue = holdsQueue('dedup');

    await scheduleDelayedJob(queue, 'expire-hold', { bookingId: 'b2', version: 1 }, { jobId: jobIds.holdExpiry('b2'), delayMs: 60_000 });
    const second = await scheduleDelayedJob(queue, 'expire-hold', { bookingId: 'b2', version: 2 }, { jobId: jobIds.holdExpiry('b2'), delayMs: 60_000 });

    expect(second.data).toEqual({ bookingId: 'b2', version: 1 });
    expect(await queue.getDelayedCount()).toBe(1);
  });

  it('When a delayed job is rescheduled, then only the new one runs, at its new time', async () => {
    const queue = holdsQueue('resched');
    const seen: HoldExpiry[] = [];
    holdsWorker('resched', seen);
    await scheduleDelayedJob(queue, 'expire-hold', { bookingId: 'b3', version: 1 }, { jobId: jobIds.holdExpiry('b3'), delayMs: 60_000 });

    const { outcome } = await rescheduleDelayedJob(queue, 'expire-hold', { bookingId: 'b3', version: 2 }, { jobId: jobIds.holdExpiry('b3'), delayMs: 100 });

    expect(outcome).toBe('removed');
    await eventually(async () => seen.length === 1);
    expect(seen).toEqual([{ bookingId: 'b3', version: 2 }]);
    expect(await queue.getDelayedCount()).toBe(0);
  });

  it('When a finished job is scheduled again, then schedule keeps the old one and reschedule adds the new one', async () => {
    const queue = holdsQueue('again');
    const seen: HoldExpiry[] = [];
    holdsWorker('again', seen);
    const jobId = jobIds.holdExpiry('b5');
    await scheduleDelayedJob(queue, 'expire-hold', { bookingId: 'b5', version: 1 }, { jobId, delayMs: 0 });
    await eventually(async () => (await queue.getJobState(jobId)) === 'completed');

    const ignored = await scheduleDelayedJob(queue, 'expire-hold', { bookingId: 'b5', version: 2 }, { jobId, delayMs: 0 });
    expect(ignored.data.version).toBe(1);
    const { outcome } = await rescheduleDelayedJob(queue, 'expire-hold', { bookingId: 'b5', version: 3 }, { jobId, delayMs: 0 });

    expect(outcome).toBe('removed');
    await eventually(async () => seen.length === 2);
    expect(seen.map((hold) => hold.version)).toEqual([1, 3]);
  });

  it('When a job id would contain a colon or be an integer, then the id builders make it safe', () => {
    expect(jobIds.holdExpiry('0b6f6c1e-1c2d-4c55-9d2f-6a0f1b2c3d4e')).toBe('hold-0b6f6c1e-1c2d-4c55-9d2f-6a0f1b2c3d4e');
    expect(jobIds.holdExpiry('42')).toBe('hold-42');
    expect(jobIds.reminder('42', '24h')).toBe('reminder-42-24h');
    expect(() => jobIds.holdExpiry('b:1')).toThrow(/invalid job id part/);
  });

  it('When a delayed job is cancelled, then it never runs', async () => {
    const queue = holdsQueue('cancel');
    await scheduleDelayedJob(queue, 'expire-hold', { bookingId: 'b4', version: 1 }, { jobId: jobIds.holdExpiry('b4'), delayMs: 60_000 });

    expect(await removeScheduledJob(queue, jobIds.holdExpiry('b4'))).toBe('removed');
    expect(await removeScheduledJob(queue, jobIds.holdExpiry('b4'))).toBe('absent');
    expect(await queue.getJob(jobIds.holdExpiry('b4'))).toBeUndefined();
  });
});

import type { Logger } from '@omotenashi/logging';
import {
  createQueue,
  createWorker,
  jobIds,
  removeScheduledJob,
  scheduleDelayedJob,
  JOB_PRIORITY,
  type ConnectionOptions,
  type Queue,
  type QueueName,
} from '@omotenashi/jobs';
import type { BookingRepository } from '../../data-access/booking.repository';
import { datesAffectedBy, type AvailabilityCache } from '../../domain/availability-cache';

const HOLDS: QueueName = 'holds';

export interface HoldJob {
  bookingId: string;
  businessId: string;
  requestId?: string;
}

export interface HoldExpiry {
  /** Schedules the expiry of one hold at `expiresAt` (once per booking, whoever asks). */
  schedule(job: HoldJob, expiresAt: Date): Promise<void>;
  /** Drops the expiry of a hold that was paid or cancelled (a job left behind would be a no-op anyway). */
  release(bookingId: string): Promise<void>;
  /** Expires holds whose job was lost or is late. */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Holds expire through a delayed job on the `holds` queue (high priority: a slot is waiting), with a
 * periodic sweep as the backstop. Both end in `expireHold`, which is a no-op for a hold already paid.
 * The job forgets the cached availability of the dates the freed slot can touch at once; for the sweep,
 * the booking.booking.expired event does (availability-invalidation.handler.ts).
 */
export function startHoldExpiry(
  repository: BookingRepository,
  queueOptions: { connection: ConnectionOptions; prefix: string },
  logger: Logger,
  availability: AvailabilityCache,
): HoldExpiry {
  const queue = createQueue<HoldJob>(HOLDS, { ...queueOptions, logger });
  const worker = createWorker<HoldJob>(
    HOLDS,
    async (job) => {
      const expired = await repository.expireHold(job.data.bookingId, new Date());
      if (!expired) return;
      logger.info({ booking_id: job.data.bookingId }, 'hold expired, slot released');
      await availability.forgetDates(expired.businessId, datesAffectedBy(expired.bookingDate));
    },
    { ...queueOptions, logger },
  );
  return {
    async schedule(job, expiresAt) {
      await scheduleDelayedJob(queue, 'expire-hold', job, {
        jobId: jobIds.holdExpiry(job.bookingId),
        delayMs: expiresAt.getTime() - Date.now(),
        priority: JOB_PRIORITY.high,
      });
    },
    async release(bookingId) {
      await removeScheduledJob(queue as Queue, jobIds.holdExpiry(bookingId));
    },
    async sweep() {
      let count = 0;
      for (const bookingId of await repository.overdueHolds(new Date())) {
        if (await repository.expireHold(bookingId, new Date())) count++;
      }
      if (count) logger.warn({ count }, 'sweep expired holds whose job had not run');
      return count;
    },
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}

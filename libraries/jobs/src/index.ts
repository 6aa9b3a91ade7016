export {
  DEFAULT_JOB_OPTIONS,
  JOB_PRIORITY,
  JOB_PROCESSING_TARGET_SECONDS,
  QUEUE_NAMES,
  WORKER_DEFAULTS,
  type JobPriority,
  type QueueName,
} from './queue-names';
export { createQueue, createWorker, queuePrefix, type CreateQueueOptions, type CreateWorkerOptions } from './queue-factory';
export { rescheduleDelayedJob, removeScheduledJob, scheduleDelayedJob, type DelayedJobOptions, type RemoveOutcome } from './delayed-jobs';
export { watchQueues, unwatchQueues } from './job-metrics';
export { closeAll, type CloseAllOptions } from './close-all';
export { jobIds } from './job-ids';
export type { ConnectionOptions, Job, Processor, Queue, Worker } from 'bullmq';

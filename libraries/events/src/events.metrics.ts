import { counter, gauge, histogram, LATENCY_BUCKETS } from '@omotenashi/metrics';

/** Metric handles are created lazily so importing the library registers nothing a process doesn't use. */
export const relayMetrics = () => ({
  published: counter({
    name: 'events_published_total',
    help: 'Outbox events published to JetStream and acknowledged',
    labelNames: ['outbox', 'event_type'],
  }),
  duplicates: counter({
    name: 'events_publish_duplicates_total',
    help: 'Publications JetStream dropped as duplicates of an earlier one (same Nats-Msg-Id)',
    labelNames: ['outbox'],
  }),
  failures: counter({
    name: 'events_publish_failures_total',
    help: 'Outbox publications that failed and will be retried',
    labelNames: ['outbox'],
  }),
  pending: gauge({ name: 'events_outbox_pending', help: 'Unpublished outbox rows', labelNames: ['outbox'] }),
  lag: gauge({
    name: 'events_outbox_lag_seconds',
    help: 'Age of the oldest unpublished outbox row (0 when none)',
    labelNames: ['outbox'],
  }),
});

/** `skipped`: not relevant to the consumer (its `relevant` filter), acked without a transaction. */
export type ConsumeOutcome = 'processed' | 'duplicate' | 'skipped' | 'failed' | 'dead_lettered';

export const consumerMetrics = () => ({
  consumed: counter({
    name: 'events_consumed_total',
    help: 'Event deliveries handled by a consumer, by outcome',
    labelNames: ['consumer', 'outcome'],
  }),
  redeliveries: counter({
    name: 'events_consumer_redeliveries_total',
    help: 'Deliveries with a delivery count above 1',
    labelNames: ['consumer'],
  }),
  duration: histogram({
    name: 'events_handler_duration_seconds',
    help: 'Time to handle one delivery, transaction included',
    labelNames: ['consumer', 'outcome'],
    buckets: LATENCY_BUCKETS,
  }),
});

import { counter, gauge, histogram, LATENCY_BUCKETS } from '@omotenashi/metrics';

export const paymentMetrics = {
  /** Every status a payment reaches, by provider. */
  statusChanges: counter({
    name: 'payments_total',
    help: 'Payments reaching each status, by provider',
    labelNames: ['provider', 'status'],
  }),
  providerCallSeconds: histogram({
    name: 'payment_provider_call_seconds',
    help: 'Duration of calls to a payment provider, by operation and outcome (ok, declined, failed, rejected)',
    labelNames: ['provider', 'operation', 'outcome'],
    buckets: [...LATENCY_BUCKETS, 30],
  }),
  breakerState: gauge({
    name: 'payment_provider_breaker_state',
    help: 'Circuit breaker per payment provider: 0 closed, 1 half-open, 2 open (calls fail fast)',
    labelNames: ['provider'],
  }),
  inboxBacklog: gauge({
    name: 'payment_webhook_inbox_backlog',
    help: 'Provider webhooks stored but not processed yet (parked ones excluded)',
  }),
  inboxParked: counter({
    name: 'payment_webhook_inbox_parked_total',
    help: 'Provider webhooks parked after exhausting their attempts',
    labelNames: ['provider'],
  }),
  commandsParked: counter({
    name: 'payment_provider_commands_parked_total',
    help: 'Provider commands (capture, cancel, refund) parked after exhausting their attempts',
    labelNames: ['kind'],
  }),
};

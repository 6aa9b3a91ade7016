import type { PaymentStatus } from './payment';

/** What a provider says happened to a payment (webhooks and command results). */
export type ProviderOutcome = 'requires_action' | 'authorized' | 'succeeded' | 'failed' | 'canceled';

/** Order of the happy path; a report never moves a payment backwards along it. */
const RANK: Record<PaymentStatus, number> = {
  requires_payment_method: 0,
  requires_action: 1,
  authorized: 2,
  succeeded: 3,
  partially_refunded: 4,
  refunded: 5,
  failed: -1,
  canceled: -1,
};

/**
 * The status a payment moves to when the provider reports `outcome`, or undefined when the report
 * changes nothing. Monotonic, so duplicates and out-of-order webhooks are harmless:
 * requires_payment_method → requires_action → authorized → succeeded (→ refunds); failed and canceled
 * only before success; a late failed or requires_action after success is ignored; a success after a
 * failure or a cancellation is honoured, because the money really moved (the saga then refunds it).
 */
export function nextStatus(current: PaymentStatus, outcome: ProviderOutcome): PaymentStatus | undefined {
  const settled = current === 'failed' || current === 'canceled';
  switch (outcome) {
    case 'requires_action':
      return current === 'requires_payment_method' ? 'requires_action' : undefined;
    case 'authorized':
      return !settled && RANK[current] < RANK.authorized ? 'authorized' : undefined;
    case 'succeeded':
      return RANK[current] < RANK.succeeded ? 'succeeded' : undefined;
    case 'failed':
      return !settled && RANK[current] < RANK.succeeded ? 'failed' : undefined;
    case 'canceled':
      return current === 'failed' || (!settled && RANK[current] < RANK.succeeded) ? 'canceled' : undefined;
  }
}

/** The status after refunds total `amountRefunded` of `amount`. */
export function refundedStatus(amount: number, amountRefunded: number): PaymentStatus {
  return amountRefunded >= amount ? 'refunded' : amountRefunded > 0 ? 'partially_refunded' : 'succeeded';
}

import { changeStatus, type Db } from '../../data-access/payment.repository';
import { writeRefundedEvent, writeStatusEvent } from '../../data-access/payment.events';
import { settleRefund } from '../../data-access/refund.repository';
import { paymentMetrics } from '../../payment.metrics';
import type { Payment, Refund } from '../payment';
import { nextStatus, refundedStatus, type ProviderOutcome } from '../payment-status';

export interface OutcomeDetails {
  failureCode?: string;
  failureMessage?: string;
  nextActionUrl?: string;
  /** Why a cancellation happened (payment.canceled carries it). */
  reason?: string;
}

/**
 * Applies what the provider reported to a payment locked by the caller: the status moves (or not,
 * see nextStatus), its timestamp is recorded once, and the matching event goes to the outbox.
 */
export async function applyOutcome(db: Db, payment: Payment, outcome: ProviderOutcome, at: Date, details: OutcomeDetails = {}): Promise<Payment> {
  const status = nextStatus(payment.status, outcome);
  if (!status) return payment;
  const updated = await changeStatus(db, payment.id, {
    status,
    at,
    failureCode: status === 'failed' ? details.failureCode || 'payment_failed' : undefined,
    failureMessage: status === 'failed' ? details.failureMessage || 'The payment failed' : undefined,
    nextActionUrl: details.nextActionUrl,
  });
  paymentMetrics.statusChanges.inc({ provider: updated.provider, status });
  await writeStatusEvent(db, updated, at, details.reason);
  return updated;
}

/** A refund the provider completed: counted on its (locked) payment once, and payment.refunded written. */
export async function completeRefund(db: Db, payment: Payment, refund: Refund, at: Date): Promise<Payment> {
  const settled = await settleRefund(db, refund.id, 'succeeded', at);
  if (!settled) return payment;
  const amountRefunded = Math.min(payment.amount, payment.amountRefunded + settled.amount);
  const status = refundedStatus(payment.amount, amountRefunded);
  const updated = await changeStatus(db, payment.id, { status, at, amountRefunded });
  paymentMetrics.statusChanges.inc({ provider: updated.provider, status });
  await writeRefundedEvent(db, updated, settled, at);
  return updated;
}

import { lockBookingState } from '../../data-access/booking-state.repository';
import { findByProviderPaymentId, findPaymentById, lockPayment, recordIntent, type Db } from '../../data-access/payment.repository';
import { findRefundByProviderId, settleRefund } from '../../data-access/refund.repository';
import type { InboxEntry } from '../../data-access/webhook-inbox.repository';
import type { ProviderWebhookEvent } from '../../providers/payment-provider';
import type { ProviderOutcome } from '../payment-status';
import { applyOutcome, completeRefund } from './payment-outcome';
import { reconcileBooking } from './reconcile-booking.use-case';

const OUTCOMES: Partial<Record<ProviderWebhookEvent['type'], ProviderOutcome>> = {
  'payment.requires_action': 'requires_action',
  'payment.authorized': 'authorized',
  'payment.succeeded': 'succeeded',
  'payment.failed': 'failed',
  'payment.canceled': 'canceled',
};

async function paymentOf(db: Db, provider: string, event: ProviderWebhookEvent) {
  const byProviderId = event.providerPaymentId ? await findByProviderPaymentId(db, provider, event.providerPaymentId) : undefined;
  const payment = byProviderId ?? (event.paymentId && /^[0-9a-f-]{36}$/i.test(event.paymentId) ? await findPaymentById(db, event.paymentId) : undefined);
  // Not ours (yet): retried with backoff, then parked where an operator sees it.
  if (!payment || payment.provider !== provider) throw new Error(`No ${provider} payment matches intent ${event.providerPaymentId}`);
  return payment;
}

async function applyRefundEvent(db: Db, provider: string, event: ProviderWebhookEvent): Promise<string[]> {
  const refund = event.providerRefundId ? await findRefundByProviderId(db, event.providerRefundId) : undefined;
  // The provider can report a refund before our command recorded its id: retry until it has.
  if (!refund) throw new Error(`No refund matches ${provider} refund ${event.providerRefundId ?? '(none)'}`);
  const payment = await findPaymentById(db, refund.paymentId);
  const state = await lockBookingState(db, payment!.businessId, payment!.bookingId);
  const locked = (await lockPayment(db, refund.paymentId))!;
  if (event.type === 'refund.succeeded') await completeRefund(db, locked, refund, event.occurredAt);
  else await settleRefund(db, refund.id, 'failed', event.occurredAt, event.failureMessage ?? 'The provider reported the refund failed');
  // A failed automatic refund frees nothing for a new one (its key is spent): it stays visible as failed.
  return reconcileBooking(db, state, 'payment');
}

/**
 * Applies one stored webhook in the processor's transaction: the payment's status (monotonic, so
 * duplicates and out-of-order reports change nothing), its event, and the saga's follow-up commands.
 */
export async function applyWebhook(db: Db, entry: InboxEntry): Promise<string[]> {
  const { event } = entry;
  if (event.type === 'ignored') return [];
  if (event.type === 'refund.succeeded' || event.type === 'refund.failed') return applyRefundEvent(db, entry.provider, event);
  const outcome = OUTCOMES[event.type];
  if (!outcome) return [];
  const found = await paymentOf(db, entry.provider, event);
  const state = await lockBookingState(db, found.businessId, found.bookingId);
  let payment = (await lockPayment(db, found.id))!;
  if (!payment.providerPaymentId && event.providerPaymentId) {
    payment = await recordIntent(db, payment.id, { providerPaymentId: event.providerPaymentId, clientSecret: '' });
  }
  await applyOutcome(db, payment, outcome, event.occurredAt, {
    failureCode: event.failureCode,
    failureMessage: event.failureMessage,
    reason: event.type === 'payment.canceled' ? 'canceled_at_provider' : undefined,
  });
  return reconcileBooking(db, state, 'payment');
}

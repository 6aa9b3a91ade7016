import type { EntityManager } from 'typeorm';
import { ProviderRequestError, type ProviderRefund } from '../payment-provider';
import { newRefundId } from './sandbox-ids';
import { chargeObject } from './sandbox-objects';
import { requireStatus, validateAmount } from './sandbox-rules';
import * as store from './sandbox.store';

/**
 * Refunds, as Stripe does: only a captured payment, never more than captured minus already refunded,
 * partial allowed; the idempotency key returns the same refund. Runs in the caller's transaction and
 * queues `charge.refunded` with the new refund first in the charge's list.
 */
export async function refundIntent(
  db: EntityManager,
  providerPaymentId: string,
  options: { idempotencyKey: string; amount: number; reason?: string },
): Promise<ProviderRefund> {
  // The intent lock serialises refunds of one payment, so together they never exceed what was captured.
  const intent = await store.getIntent(db, providerPaymentId, true);
  const previous = await store.findRefundByKey(db, options.idempotencyKey);
  if (previous) {
    if (previous.intent_id !== intent.id || previous.amount !== options.amount) {
      throw new ProviderRequestError('this idempotency key was already used for a different refund', 'idempotency_key_reused');
    }
    return { providerRefundId: previous.id, status: previous.status === 'canceled' ? 'failed' : previous.status, amount: previous.amount };
  }
  requireStatus(intent, ['succeeded'], 'refund');
  const remaining = intent.amount_received - intent.amount_refunded;
  if (remaining === 0) throw new ProviderRequestError(`charge for ${intent.id} has already been refunded`, 'charge_already_refunded');
  validateAmount(options.amount, remaining);
  const refund = await store.insertRefund(db, {
    id: newRefundId(), intent_id: intent.id, idempotency_key: options.idempotencyKey, amount: options.amount,
    currency: intent.currency, status: 'succeeded', reason: options.reason ?? null,
  });
  const updated = await store.updateIntent(db, intent.id, { amount_refunded: intent.amount_refunded + refund.amount });
  const earlier = (await store.listRefunds(db, intent.id)).filter((row) => row.id !== refund.id);
  await store.enqueueEvent(db, 'charge.refunded', intent.id, chargeObject(updated, [refund, ...earlier]));
  return { providerRefundId: refund.id, status: 'succeeded', amount: refund.amount };
}

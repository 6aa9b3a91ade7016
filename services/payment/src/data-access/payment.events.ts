import { writeOutbox } from '@omotenashi/events';
import { paymentEventsV1 } from '@omotenashi/proto';
import type { Payment, Refund } from '../domain/payment';
import type { Db } from './payment.repository';

const facts = (payment: Payment, at: Date): paymentEventsV1.PaymentFacts => ({
  paymentId: payment.id,
  businessId: payment.businessId,
  bookingId: payment.bookingId,
  provider: payment.provider,
  providerPaymentId: payment.providerPaymentId ?? '',
  kind: payment.kind,
  amount: payment.amount,
  currency: payment.currency,
  status: payment.status,
  occurredAt: at.toISOString(),
});

function write(db: Db, payment: Payment, verb: string, type: string, payload: Uint8Array) {
  return writeOutbox(db, { subject: `payment.payment.${verb}`, eventType: `omotenashi.events.v1.${type}`, businessId: payment.businessId, payload });
}

/** The event of a status the payment just reached (same transaction as the change, through the outbox). */
export async function writeStatusEvent(db: Db, payment: Payment, at: Date, reason = ''): Promise<void> {
  const base = { payment: facts(payment, at) };
  switch (payment.status) {
    case 'authorized':
      await write(db, payment, 'authorized', 'PaymentAuthorized', paymentEventsV1.PaymentAuthorized.encode(base).finish());
      return;
    case 'succeeded':
      await write(db, payment, 'succeeded', 'PaymentSucceeded', paymentEventsV1.PaymentSucceeded.encode(base).finish());
      return;
    case 'failed':
      await write(db, payment, 'failed', 'PaymentFailed', paymentEventsV1.PaymentFailed.encode({
        ...base, failureCode: payment.failureCode ?? '', failureMessage: payment.failureMessage ?? '',
      }).finish());
      return;
    case 'canceled':
      await write(db, payment, 'canceled', 'PaymentCanceled', paymentEventsV1.PaymentCanceled.encode({ ...base, reason }).finish());
      return;
    default:
      return;
  }
}

export async function writeRefundedEvent(db: Db, payment: Payment, refund: Refund, at: Date): Promise<void> {
  await write(db, payment, 'refunded', 'PaymentRefunded', paymentEventsV1.PaymentRefunded.encode({
    payment: facts(payment, at),
    refundId: refund.id,
    refundAmount: refund.amount,
    amountRefunded: payment.amountRefunded,
    reason: refund.reason,
  }).finish());
}

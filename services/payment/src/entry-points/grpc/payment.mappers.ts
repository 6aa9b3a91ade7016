import type { paymentV1 } from '@omotenashi/proto';
import { isOpen, type Payment, type Refund } from '../../domain/payment';

const iso = (date: Date | null) => (date ? date.toISOString() : '');

/** Allow-listed fields only; the client secret goes out only while the payer still needs it. */
export function refundToResponse(refund: Refund): paymentV1.Refund {
  return {
    id: refund.id,
    paymentId: refund.paymentId,
    amount: refund.amount,
    currency: refund.currency,
    status: refund.status,
    reason: refund.reason,
    providerRefundId: refund.providerRefundId ?? '',
    createdAt: iso(refund.createdAt),
    succeededAt: iso(refund.succeededAt),
    failedAt: iso(refund.failedAt),
  };
}

export function paymentToResponse(payment: Payment, refunds: Refund[] = []): paymentV1.Payment {
  const open = isOpen(payment.status) && payment.status !== 'authorized';
  return {
    id: payment.id,
    businessId: payment.businessId,
    bookingId: payment.bookingId,
    provider: payment.provider,
    providerPaymentId: payment.providerPaymentId ?? '',
    kind: payment.kind,
    amount: payment.amount,
    currency: payment.currency,
    status: payment.status,
    amountRefunded: payment.amountRefunded,
    clientSecret: open ? payment.clientSecret ?? '' : '',
    failureCode: payment.failureCode ?? '',
    failureMessage: payment.failureMessage ?? '',
    createdAt: iso(payment.createdAt),
    updatedAt: iso(payment.updatedAt),
    authorizedAt: iso(payment.authorizedAt),
    succeededAt: iso(payment.succeededAt),
    failedAt: iso(payment.failedAt),
    canceledAt: iso(payment.canceledAt),
    refundedAt: iso(payment.refundedAt),
    refunds: refunds.map(refundToResponse),
    nextActionUrl: payment.status === 'requires_action' ? payment.nextActionUrl ?? '' : '',
  };
}

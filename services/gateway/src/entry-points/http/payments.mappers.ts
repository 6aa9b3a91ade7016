import type { paymentV1 } from '@omotenashi/proto';
import type { RefundedPayment } from '../../domain/payments.use-cases';
import type { PaymentJson, RefundJson } from './payments.schemas';

/** proto3 strings have no "absent": the empty string stands for it on the wire, null in JSON. */
const orNull = (value: string) => (value === '' ? null : value);

/**
 * `withClientSecret`: the answer goes to the payer (the guest, or whoever started the payment). Payment
 * clears the secret once the payment is final, so even the payer sees null then.
 */
export function toPaymentResponse(payment: paymentV1.Payment, withClientSecret: boolean): PaymentJson {
  return {
    id: payment.id,
    business_id: payment.businessId,
    booking_id: payment.bookingId,
    provider: payment.provider,
    provider_payment_id: payment.providerPaymentId,
    kind: payment.kind,
    amount: payment.amount,
    currency: payment.currency,
    status: payment.status,
    amount_refunded: payment.amountRefunded,
    client_secret: withClientSecret ? orNull(payment.clientSecret) : null,
    next_action_url: orNull(payment.nextActionUrl),
    failure_code: orNull(payment.failureCode),
    failure_message: orNull(payment.failureMessage),
    created_at: payment.createdAt,
    updated_at: payment.updatedAt,
    authorized_at: orNull(payment.authorizedAt),
    succeeded_at: orNull(payment.succeededAt),
    failed_at: orNull(payment.failedAt),
    canceled_at: orNull(payment.canceledAt),
    refunded_at: orNull(payment.refundedAt),
    refunds: payment.refunds.map(toRefundResponse),
  };
}

export function toRefundResponse(refund: paymentV1.Refund): RefundJson {
  return {
    id: refund.id,
    payment_id: refund.paymentId,
    amount: refund.amount,
    currency: refund.currency,
    status: refund.status,
    reason: refund.reason,
    provider_refund_id: orNull(refund.providerRefundId),
    created_at: refund.createdAt,
    succeeded_at: orNull(refund.succeededAt),
    failed_at: orNull(refund.failedAt),
  };
}

export function toRefundedPaymentResponse(refunded: RefundedPayment): { payment: PaymentJson; refund: RefundJson } {
  return { payment: toPaymentResponse(refunded.payment, false), refund: toRefundResponse(refunded.refund) };
}

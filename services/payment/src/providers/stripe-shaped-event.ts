import { WebhookSignatureError, type ProviderWebhookEvent, type ProviderWebhookType } from './payment-provider';

/**
 * Normalises a Stripe-shaped event (`{id, type, created, data:{object}}`): Stripe's own and the
 * sandbox's, which copies Stripe's shapes on purpose. Amounts: `payment.succeeded` carries what was
 * received (a partial capture is less than the intent), `payment.authorized` what is capturable.
 * Refund events may come more than once for one refund (Stripe sends `charge.refunded` and
 * `refund.*`); apply them by `providerRefundId`.
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
const integer = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined);
/** An expandable field is an id or the object itself. */
const idOf = (value: unknown) => text(value) ?? (isObject(value) ? text(value.id) : undefined);

const INTENT_EVENTS: Record<string, ProviderWebhookType> = {
  'payment_intent.requires_action': 'payment.requires_action',
  'payment_intent.amount_capturable_updated': 'payment.authorized',
  'payment_intent.succeeded': 'payment.succeeded',
  'payment_intent.payment_failed': 'payment.failed',
  'payment_intent.canceled': 'payment.canceled',
};

const REFUND_STATUS: Record<string, ProviderWebhookType> = {
  succeeded: 'refund.succeeded',
  failed: 'refund.failed',
  canceled: 'refund.failed',
};

export function normaliseStripeShapedEvent(event: unknown): ProviderWebhookEvent {
  if (!isObject(event) || !text(event.id) || !text(event.type) || integer(event.created) === undefined
    || !isObject(event.data) || !isObject(event.data.object)) {
    throw new WebhookSignatureError('webhook body is not an event with id, type, created and data.object', 'malformed');
  }
  const base = {
    id: event.id as string,
    providerType: event.type as string,
    occurredAt: new Date((event.created as number) * 1000),
  };
  const object = event.data.object;
  const paymentId = isObject(object.metadata) ? text(object.metadata.payment_id) : undefined;
  const intentType = INTENT_EVENTS[base.providerType];
  if (intentType && object.object === 'payment_intent') {
    const error = isObject(object.last_payment_error) ? object.last_payment_error : {};
    const amount = intentType === 'payment.succeeded' ? integer(object.amount_received) || integer(object.amount)
      : intentType === 'payment.authorized' ? integer(object.amount_capturable) || integer(object.amount)
      : integer(object.amount);
    return {
      ...base,
      type: intentType,
      providerPaymentId: text(object.id) ?? '',
      paymentId,
      amount,
      currency: text(object.currency),
      failureCode: intentType === 'payment.failed' ? text(error.code) ?? text(error.decline_code) ?? 'payment_failed' : undefined,
      failureMessage: intentType === 'payment.failed' ? text(error.message) : undefined,
    };
  }
  if (base.providerType === 'charge.refunded' && object.object === 'charge') {
    // The charge's refund list is newest first: the first is the refund this event reports.
    const refunds = isObject(object.refunds) && Array.isArray(object.refunds.data) ? object.refunds.data.filter(isObject) : [];
    const refund = refunds[0];
    return {
      ...base,
      type: refund ? REFUND_STATUS[text(refund.status) ?? 'succeeded'] ?? 'ignored' : 'ignored',
      providerPaymentId: idOf(object.payment_intent) ?? '',
      paymentId,
      amount: integer(object.amount),
      currency: text(object.currency),
      providerRefundId: refund ? text(refund.id) : undefined,
      refundAmount: refund ? integer(refund.amount) : undefined,
      failureCode: refund ? text(refund.failure_reason) : undefined,
    };
  }
  if (base.providerType.startsWith('refund.') && object.object === 'refund') {
    return {
      ...base,
      type: REFUND_STATUS[text(object.status) ?? ''] ?? 'ignored',
      providerPaymentId: idOf(object.payment_intent) ?? '',
      paymentId,
      currency: text(object.currency),
      providerRefundId: text(object.id),
      refundAmount: integer(object.amount),
      failureCode: text(object.failure_reason),
    };
  }
  return { ...base, type: 'ignored', providerPaymentId: idOf(object.payment_intent) ?? (object.object === 'payment_intent' ? text(object.id) ?? '' : ''), paymentId };
}

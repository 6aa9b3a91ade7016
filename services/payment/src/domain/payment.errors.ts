import { AppError } from '@omotenashi/errors';

export const PaymentErrors = {
  notFound: () => new AppError('PAYMENT.NOT_FOUND', 'Payment was not found', { kind: 'not_found' }),
  notRequired: () =>
    new AppError('PAYMENT.NOT_REQUIRED', 'This booking needs no prepayment', { kind: 'unprocessable' }),
  bookingNotPayable: (status: string) =>
    new AppError('PAYMENT.BOOKING_NOT_PAYABLE', `A booking that is ${status.replace('_', ' ')} cannot be paid`, { kind: 'conflict' }),
  providerUnknown: (provider: string, known: string[]) =>
    new AppError('PAYMENT.PROVIDER_UNKNOWN', `Payment provider "${provider}" is not enabled (enabled: ${known.join(', ')})`, {
      kind: 'invalid_argument',
      fields: [{ pointer: '/provider', detail: `must be one of ${known.join(', ')}` }],
    }),
  providerUnavailable: (provider: string, retryAfterSeconds: number, cause?: unknown) =>
    new AppError('PAYMENT.PROVIDER_UNAVAILABLE', `Payment provider ${provider} is temporarily unavailable`, {
      kind: 'unavailable',
      retryAfterSeconds,
      cause,
    }),
  providerDeclined: (message: string) =>
    new AppError('PAYMENT.PROVIDER_DECLINED', `The payment provider refused the request: ${message}`, { kind: 'unprocessable' }),
  refundExceedsCaptured: (refundable: number, currency: string) =>
    new AppError('PAYMENT.REFUND_EXCEEDS_CAPTURED', `At most ${refundable} ${currency} of this payment can still be refunded`, {
      kind: 'unprocessable',
      fields: [{ pointer: '/amount', detail: `must be at most ${refundable}` }],
    }),
  notRefundable: (status: string) =>
    new AppError('PAYMENT.NOT_REFUNDABLE', `A payment that is ${status.replace('_', ' ')} has nothing to refund`, { kind: 'conflict' }),
  webhookSignatureInvalid: (detail: string) =>
    new AppError('PAYMENT.WEBHOOK_SIGNATURE_INVALID', `Webhook rejected: ${detail}`, { kind: 'invalid_argument' }),
  clientSecretMismatch: () =>
    new AppError('PAYMENT.CLIENT_SECRET_MISMATCH', 'The client secret does not belong to this payment', { kind: 'permission_denied' }),
};

import { applyBookingFact, type BookingState } from '../../src/domain/booking-state';
import type { Payment, PaymentStatus } from '../../src/domain/payment';
import { decideCommands } from '../../src/domain/saga-decisions';

const state = (overrides: Partial<BookingState> = {}): BookingState => ({
  bookingId: 'b1', businessId: 'biz', status: 'held', known: true, previousStatus: null, paymentId: null, priceAmount: 12000,
  currency: 'JPY', prepayment: 'full', depositAmount: 0, refundAmount: null, holdExpiresAt: null, ...overrides,
});
const payment = (id: string, status: PaymentStatus, amountRefunded = 0): Payment => ({
  id, businessId: 'biz', bookingId: 'b1', provider: 'sandbox', providerPaymentId: `pi_${id}`, kind: 'full', amount: 12000, currency: 'JPY',
  status, amountRefunded, clientSecret: null, nextActionUrl: null, failureCode: null, failureMessage: null, attempt: 1, createdAt: new Date(),
  updatedAt: new Date(), authorizedAt: null, succeededAt: null, failedAt: null, canceledAt: null, refundedAt: null,
});
const at = (p: Payment, pendingRefunds = 0) => ({ payment: p, pendingRefunds });

describe('The saga decides what the provider must do', () => {
  it('When a deposit is authorized while the booking is held, then it is captured', () => {
    expect(decideCommands(state(), [at(payment('p1', 'authorized'))], 'payment')).toEqual([
      { kind: 'capture', paymentId: 'p1', idempotencyKey: 'capture:p1' },
    ]);
  });

  it('When the booking expired, then an open payment is canceled and a captured one refunded in full', () => {
    const expired = state({ status: 'expired' });
    expect(decideCommands(expired, [at(payment('p1', 'requires_action')), at(payment('p2', 'succeeded'))], 'booking')).toEqual([
      { kind: 'cancel', paymentId: 'p1', idempotencyKey: 'cancel:p1', reason: 'booking_expired' },
      { kind: 'refund', paymentId: 'p2', idempotencyKey: 'refund:p2:automatic', amount: 12000, reason: 'booking_expired' },
    ]);
    expect(decideCommands(expired, [at(payment('p2', 'succeeded'))], 'payment')[0]).toMatchObject({ reason: 'late_payment' });
  });

  it('When a confirmed booking is cancelled, then its paying payment gets the policy refund and nothing when the policy says 0', () => {
    const cancelled = state({ status: 'cancelled', previousStatus: 'confirmed', paymentId: 'p1', refundAmount: 6000 });
    expect(decideCommands(cancelled, [at(payment('p1', 'succeeded'))], 'booking')).toEqual([
      { kind: 'refund', paymentId: 'p1', idempotencyKey: 'refund:p1:booking_cancelled', amount: 6000, reason: 'booking_cancelled' },
    ]);
    expect(decideCommands({ ...cancelled, refundAmount: 0 }, [at(payment('p1', 'succeeded'))], 'booking')).toEqual([]);
  });

  it('When the cancellation arrives before the confirmation that names the payment, then the saga waits', () => {
    const cancelled = state({ status: 'cancelled', previousStatus: 'confirmed', refundAmount: 6000 });
    expect(decideCommands(cancelled, [at(payment('p1', 'succeeded'))], 'booking')).toEqual([]);
    const confirmedLate = applyBookingFact(cancelled, { type: 'confirmed', paymentId: 'p1' });
    expect(confirmedLate.status).toBe('cancelled');
    expect(decideCommands(confirmedLate, [at(payment('p1', 'succeeded'))], 'booking')).toHaveLength(1);
  });

  it('When another payment confirmed the booking, then this one is refunded (captured) or canceled (open)', () => {
    const confirmed = state({ status: 'confirmed', paymentId: 'p1' });
    expect(decideCommands(confirmed, [at(payment('p1', 'succeeded')), at(payment('p2', 'succeeded')), at(payment('p3', 'authorized'))], 'payment')).toEqual([
      { kind: 'refund', paymentId: 'p2', idempotencyKey: 'refund:p2:automatic', amount: 12000, reason: 'duplicate_payment' },
      { kind: 'cancel', paymentId: 'p3', idempotencyKey: 'cancel:p3', reason: 'duplicate_payment' },
    ]);
  });

  it('When part is already refunded or being refunded, then an automatic refund gives back only the rest', () => {
    const expired = state({ status: 'expired' });
    expect(decideCommands(expired, [at(payment('p1', 'partially_refunded', 2000), 3000)], 'booking')[0]).toMatchObject({ amount: 7000 });
    expect(decideCommands(expired, [at(payment('p1', 'refunded', 12000))], 'booking')).toEqual([]);
  });

  it('When booking events arrive out of order, then the projection never moves back', () => {
    let s = state({ known: false });
    s = applyBookingFact(s, { type: 'expired' });
    s = applyBookingFact(s, { type: 'created', status: 'held', priceAmount: 8000, currency: 'JPY', prepayment: 'deposit', depositAmount: 2000, holdExpiresAt: null });
    expect(s).toMatchObject({ status: 'expired', known: true, prepayment: 'deposit', depositAmount: 2000, priceAmount: 8000 });
  });
});

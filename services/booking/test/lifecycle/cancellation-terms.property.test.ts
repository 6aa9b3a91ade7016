import fc from 'fast-check';
import type { ActorKind, BookingStatus } from '../../src/domain/booking';
import { readPolicySnapshot, type PolicySnapshot } from '../../src/domain/booking-policy';
import { cancellationFee, cancellationTerms, percentOf, prepaidAmount } from '../../src/domain/cancellation-terms';

const HOUR = 3_600_000;
const NOW = new Date('2026-06-01T00:00:00Z');

/** Prices up to ¥10 trillion: far beyond any booking, and beyond where float maths would round. */
const price = fc.integer({ min: 0, max: 10_000_000_000_000 });
const percent = fc.integer({ min: 0, max: 100 });

const policy = fc.record({
  cancelCutoffHours: fc.integer({ min: 0, max: 8760 }),
  rescheduleCutoffHours: fc.integer({ min: 0, max: 8760 }),
  cancellationFeePercent: percent,
  refundPercent: percent,
  requiresApproval: fc.boolean(),
  prepayment: fc.constantFrom('none' as const, 'deposit' as const, 'full' as const),
  depositAmount: price,
  priceAmount: price,
  currency: fc.constant('JPY'),
  timezone: fc.constant('Asia/Tokyo'),
}) satisfies fc.Arbitrary<PolicySnapshot>;

const booking = fc.record({
  status: fc.constantFrom<BookingStatus>('held', 'pending_approval', 'confirmed'),
  // From 30 days before to 30 days after "now", in whole minutes.
  startsAt: fc.integer({ min: -30 * 24 * 60, max: 30 * 24 * 60 }).map((minutes) => new Date(NOW.getTime() + minutes * 60_000)),
  policy,
});
const actor = fc.constantFrom<ActorKind>('business', 'guest', 'system');

describe('Cancellation fee and refund maths', () => {
  it('When any price and percentage are given, then the fee is an integer between 0 and the price, equal to floor(price × percent / 100)', () => {
    fc.assert(
      fc.property(price, percent, (amount, pct) => {
        const fee = cancellationFee(amount, pct);
        expect(Number.isSafeInteger(fee)).toBe(true);
        expect(fee).toBeGreaterThanOrEqual(0);
        expect(fee).toBeLessThanOrEqual(amount);
        expect(BigInt(fee)).toBe((BigInt(amount) * BigInt(pct)) / 100n);
      }),
    );
  });

  it('When the percentage is out of range, then the fee still stays between 0 and the price', () => {
    fc.assert(
      fc.property(price, fc.integer({ min: -1000, max: 1000 }), (amount, pct) => {
        const fee = cancellationFee(amount, pct);
        expect(fee).toBeGreaterThanOrEqual(0);
        expect(fee).toBeLessThanOrEqual(amount);
      }),
    );
  });

  it('When anyone cancels anything, then fee and refund are integers, never negative, the fee never above the price, the refund never above what was paid', () => {
    fc.assert(
      fc.property(booking, actor, (b, who) => {
        const terms = cancellationTerms(b, who, NOW);
        const paid = prepaidAmount(b.policy, b.status);
        for (const amount of [terms.feeAmount, terms.refundAmount]) {
          expect(Number.isSafeInteger(amount)).toBe(true);
          expect(amount).toBeGreaterThanOrEqual(0);
        }
        expect(terms.feeAmount).toBeLessThanOrEqual(b.policy.priceAmount);
        expect(terms.refundAmount).toBeLessThanOrEqual(paid);
        expect(terms.refundAmount).toBeLessThanOrEqual(Math.max(0, paid - terms.feeAmount));
      }),
    );
  });

  it('When the business or the platform cancels, then there is no fee and everything paid is refunded', () => {
    fc.assert(
      fc.property(booking, fc.constantFrom<ActorKind>('business', 'system'), (b, who) => {
        expect(cancellationTerms(b, who, NOW)).toMatchObject({ feeAmount: 0, refundAmount: prepaidAmount(b.policy, b.status) });
      }),
    );
  });

  it('When a guest cancels before the cut-off, then there is no fee; after it, a confirmed booking owes the fee', () => {
    fc.assert(
      fc.property(booking, (b) => {
        const cutoff = b.startsAt.getTime() - b.policy.cancelCutoffHours * HOUR;
        const terms = cancellationTerms(b, 'guest', NOW);
        if (NOW.getTime() <= cutoff) expect(terms).toMatchObject({ feeAmount: 0, late: false });
        else if (b.status === 'confirmed') expect(terms.feeAmount).toBe(cancellationFee(b.policy.priceAmount, b.policy.cancellationFeePercent));
        else expect(terms.feeAmount).toBe(0);
      }),
    );
  });

  it('When a guest waits longer to cancel, then the refund never grows', () => {
    fc.assert(
      fc.property(booking, fc.integer({ min: 0, max: 60 * 24 * 60 }), (b, laterMinutes) => {
        const early = cancellationTerms(b, 'guest', NOW);
        const late = cancellationTerms(b, 'guest', new Date(NOW.getTime() + laterMinutes * 60_000));
        expect(late.refundAmount).toBeLessThanOrEqual(early.refundAmount);
        expect(late.feeAmount).toBeGreaterThanOrEqual(early.feeAmount);
      }),
    );
  });

  it('When the amounts are exact cases, then they match what a customer is told', () => {
    expect(cancellationFee(5555, 33)).toBe(1833);
    expect(cancellationFee(999, 50)).toBe(499);
    expect(percentOf(9_007_199_254_740_991, 100)).toBe(9_007_199_254_740_991);
    const full = readPolicySnapshot({ prepayment: 'full', cancellationFeePercent: 50, cancelCutoffHours: 24 }, { priceAmount: 12_000, currency: 'JPY' });
    const startsAt = new Date(NOW.getTime() + 2 * HOUR);
    expect(cancellationTerms({ status: 'confirmed', startsAt, policy: full }, 'guest', NOW)).toEqual({
      feeAmount: 6_000,
      refundAmount: 6_000,
      currency: 'JPY',
      late: true,
    });
  });
});

import { nextStatus, refundedStatus, type ProviderOutcome } from '../../src/domain/payment-status';
import type { PaymentStatus } from '../../src/domain/payment';

const ALL_OUTCOMES: ProviderOutcome[] = ['requires_action', 'authorized', 'succeeded', 'failed', 'canceled'];

describe('Payment status moves only forward', () => {
  it.each<[PaymentStatus, ProviderOutcome, PaymentStatus | undefined]>([
    ['requires_payment_method', 'requires_action', 'requires_action'],
    ['requires_action', 'authorized', 'authorized'],
    ['requires_action', 'succeeded', 'succeeded'],
    ['authorized', 'succeeded', 'succeeded'],
    ['requires_action', 'failed', 'failed'],
    ['authorized', 'canceled', 'canceled'],
    ['succeeded', 'requires_action', undefined],
    ['succeeded', 'failed', undefined],
    ['succeeded', 'canceled', undefined],
    ['succeeded', 'succeeded', undefined],
    ['authorized', 'requires_action', undefined],
    ['failed', 'succeeded', 'succeeded'],
    ['canceled', 'succeeded', 'succeeded'],
    ['failed', 'requires_action', undefined],
    ['failed', 'failed', undefined],
    ['partially_refunded', 'succeeded', undefined],
    ['refunded', 'failed', undefined],
  ])('When a %s payment is reported %s, then it becomes %s', (current, outcome, expected) => {
    expect(nextStatus(current, outcome)).toBe(expected);
  });

  it('When reports arrive in any order, then a payment that once succeeded ends succeeded', () => {
    // Every permutation of a success and its companions: the success always wins.
    const permutations = (items: ProviderOutcome[]): ProviderOutcome[][] =>
      items.length <= 1 ? [items] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
    for (const order of permutations(ALL_OUTCOMES)) {
      const final = order.reduce<PaymentStatus>((status, outcome) => nextStatus(status, outcome) ?? status, 'requires_payment_method');
      expect(final).toBe('succeeded');
    }
  });

  it('When refunds add up, then the payment is partially refunded, then refunded', () => {
    expect(refundedStatus(12000, 0)).toBe('succeeded');
    expect(refundedStatus(12000, 5000)).toBe('partially_refunded');
    expect(refundedStatus(12000, 12000)).toBe('refunded');
  });
});

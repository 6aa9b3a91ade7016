import { randomUUID } from 'node:crypto';
import { paySandbox, startPaymentHarness, waitForBookingStatus, waitForPaymentStatus, type PaymentHarness } from './support/payment.harness';

describe('StartPayment opens one payment per held booking', () => {
  let h: PaymentHarness;
  let fullService: string;
  let depositService: string;

  beforeAll(async () => {
    h = await startPaymentHarness('paystart');
    fullService = await h.service('full');
    depositService = await h.service('deposit');
  });
  afterAll(() => h?.stop());

  it('When a held booking of a full-prepayment service is paid for, then a payment of the whole price is opened with a client secret', async () => {
    const booking = await h.book(fullService);
    expect(booking.status).toBe('held');
    const { payment, created } = await h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: '' });
    expect(created).toBe(true);
    expect(payment).toMatchObject({
      bookingId: booking.id, businessId: h.businessId, provider: 'sandbox', kind: 'full', amount: 12000, currency: 'JPY',
      status: 'requires_payment_method', amountRefunded: 0, providerPaymentId: expect.stringMatching(/^pi_sbx_/), clientSecret: expect.any(String),
    });
    expect(payment!.clientSecret).not.toBe('');
  });

  it('When the service takes a deposit, then the payment is the deposit and is authorized for manual capture', async () => {
    const booking = await h.book(depositService);
    const { payment } = await h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: 'sandbox' });
    expect(payment).toMatchObject({ kind: 'deposit', amount: 3000, currency: 'JPY' });
    const [intent] = await h.rows<{ capture_method: string }>('SELECT capture_method FROM payment.sandbox_intents WHERE id = $1', [payment!.providerPaymentId]);
    expect(intent.capture_method).toBe('manual');
  });

  it('When 20 StartPayments race for one booking, then one payment and one provider intent exist and all answer with it', async () => {
    const booking = await h.book(fullService);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: '' })),
    );
    const ids = new Set(answers.map((a) => a.payment!.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.created)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.payment!.providerPaymentId)).size).toBe(1);
    const payments = await h.rows('SELECT id FROM payment.booking_payments WHERE booking_id = $1', [booking.id]);
    expect(payments).toHaveLength(1);
    const intents = await h.rows(`SELECT id FROM payment.sandbox_intents WHERE metadata->>'booking_id' = $1`, [booking.id]);
    expect(intents).toHaveLength(1);
  });

  it('When the service needs no prepayment, then PAYMENT.NOT_REQUIRED', async () => {
    const booking = await h.book(await h.service('none'));
    expect(booking.status).toBe('confirmed');
    await expect(h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: '' }))
      .rejects.toMatchObject({ code: 'PAYMENT.NOT_REQUIRED' });
  });

  it('When the booking is no longer held, then PAYMENT.BOOKING_NOT_PAYABLE', async () => {
    const booking = await h.book(fullService);
    await h.booking.call('cancelBooking', { businessId: h.businessId, bookingId: booking.id, actor: { kind: 'business', id: 'owner', manageToken: '' }, reason: 'test', expectedStatus: '' });
    await expect(h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: '' }))
      .rejects.toMatchObject({ code: 'PAYMENT.BOOKING_NOT_PAYABLE' });
  });

  it('When an unknown provider is asked for, then PAYMENT.PROVIDER_UNKNOWN', async () => {
    const booking = await h.book(fullService);
    await expect(h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: 'paypal' }))
      .rejects.toMatchObject({ code: 'PAYMENT.PROVIDER_UNKNOWN', kind: 'invalid_argument' });
  });

  it('When another business asks for a payment, then it is not found', async () => {
    const booking = await h.book(fullService);
    const { payment } = await h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: '' });
    await expect(h.payment.call('getPayment', { businessId: randomUUID(), paymentId: payment!.id })).rejects.toMatchObject({ code: 'PAYMENT.NOT_FOUND' });
    const { payments } = await h.payment.call('listBookingPayments', { businessId: randomUUID(), bookingId: booking.id });
    expect(payments).toEqual([]);
  });

  it('When a payment failed, then StartPayment opens a second attempt so the customer can use another card', async () => {
    const booking = await h.book(fullService);
    const first = (await h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: '' })).payment!;
    await paySandbox(h, first, 'pm_card_chargeDeclined');
    await waitForPaymentStatus(h, first.id, 'failed');
    const second = await h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: '' });
    expect(second.created).toBe(true);
    expect(second.payment!.id).not.toBe(first.id);
    expect(second.payment!.providerPaymentId).not.toBe(first.providerPaymentId);
    await paySandbox(h, second.payment!, 'pm_card_visa');
    await waitForPaymentStatus(h, second.payment!.id, 'succeeded');
    await waitForBookingStatus(h, booking.id, 'confirmed');
    const again = await h.payment.call('startPayment', { businessId: h.businessId, bookingId: booking.id, provider: '' });
    expect(again).toMatchObject({ created: false, payment: { id: second.payment!.id, status: 'succeeded', clientSecret: '' } });
  });
});

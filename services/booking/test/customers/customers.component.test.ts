import { bookingCustomersV1, customerEventsV1 } from '@omotenashi/proto';
import { listCustomersQuery } from '../../src/data-access/customer.repository';
import { checkCustomerListQuery } from '../../src/domain/customer';
import { tokyoAt } from '../lifecycle/lifecycle.harness';
import { CustomersHarness } from './customers.harness';

describe('Customers over gRPC', () => {
  let t: CustomersHarness;
  let businessId: string;
  let otherBusinessId: string;
  let serviceId: string;

  beforeAll(async () => {
    t = await CustomersHarness.start('customers');
    businessId = await t.h.business();
    otherBusinessId = await t.h.business();
    serviceId = await t.h.service(businessId);
  });

  afterAll(async () => {
    await t?.stop();
  });

  const list = (request: Partial<bookingCustomersV1.ListCustomersRequest> = {}) =>
    t.customers.call('listCustomers', bookingCustomersV1.ListCustomersRequest.fromPartial({ businessId, ...request }));
  const get = (customerId: string, business = businessId) =>
    t.customers.call('getCustomer', bookingCustomersV1.GetCustomerRequest.fromPartial({ businessId: business, customerId }));
  const update = (customerId: string, changes: Partial<bookingCustomersV1.UpdateCustomerRequest>, business = businessId) =>
    t.customers.call('updateCustomer', bookingCustomersV1.UpdateCustomerRequest.fromPartial({ businessId: business, customerId, ...changes }));

  it('When guests book, then each business has one customer per email (any case), newest first, pageable and searchable', async () => {
    const first = await t.h.book(businessId, serviceId, tokyoAt(3, '10:00'), 'Sakura@Example.jp');
    const again = await t.h.book(businessId, serviceId, tokyoAt(3, '12:00'), 'sakura@example.jp');
    const other = await t.h.book(businessId, serviceId, tokyoAt(3, '14:00'), 'ken@example.jp');
    expect(again.booking.customerId).toBe(first.booking.customerId);

    const { customers, nextCursor } = await list();
    expect(customers.map((c) => c.id)).toEqual([other.booking.customerId, first.booking.customerId]);
    expect(customers[1]).toMatchObject({ businessId, email: 'Sakura@Example.jp', name: '山田 花子', locale: 'ja', visitCount: 0, erasedAt: '' });
    expect(nextCursor).toBe('');

    const page1 = await list({ limit: 1 });
    const page2 = await list({ limit: 1, cursor: page1.nextCursor });
    expect([...page1.customers, ...page2.customers].map((c) => c.id)).toEqual(customers.map((c) => c.id));
    expect(page2.nextCursor).toBe('');

    await update(first.booking.customerId, { nameKana: 'ヤマダ ハナコ' });
    expect((await list({ query: 'やまだ' })).customers).toEqual([]);
    expect((await list({ query: 'ヤマダ' })).customers.map((c) => c.id)).toEqual([first.booking.customerId]);
    expect((await list({ query: 'KEN@' })).customers.map((c) => c.id)).toEqual([other.booking.customerId]);
    expect((await list({ query: '%' })).customers).toEqual([]);
    expect((await list({ businessId: otherBusinessId })).customers).toEqual([]);
  });

  it('When the business updates a customer, then only the given fields change, empty clears, and a taken email is a conflict', async () => {
    const { booking } = await t.h.book(businessId, serviceId, tokyoAt(4), 'update@example.jp');
    const userId = '0190a0a0-0000-7000-8000-000000000001';
    const { customer } = await update(booking.customerId, { name: 'Yamada Hanako', phone: '090-0000-0000', notes: 'Prefers the window seat', userId });
    expect(customer).toMatchObject({ name: 'Yamada Hanako', phone: '090-0000-0000', notes: 'Prefers the window seat', userId, email: 'update@example.jp' });
    const { customer: cleared } = await update(booking.customerId, { phone: '', locale: 'en' });
    expect(cleared).toMatchObject({ phone: '', locale: 'en', notes: 'Prefers the window seat', name: 'Yamada Hanako' });

    await expect(update(booking.customerId, { email: 'not-an-email', locale: 'fr', name: ' ' })).rejects.toMatchObject({
      code: 'COMMON.VALIDATION_FAILED',
      fields: expect.arrayContaining([
        { pointer: '/email', detail: expect.any(String) },
        { pointer: '/locale', detail: expect.any(String) },
        { pointer: '/name', detail: expect.any(String) },
      ]),
    });
    await expect(update(booking.customerId, { email: 'KEN@example.jp' })).rejects.toMatchObject({ code: 'CUSTOMER.EMAIL_TAKEN', kind: 'conflict' });
  });

  it('When a customer is soft-deleted, then lists and reads no longer show them, and a new booking starts a new record', async () => {
    const { booking } = await t.h.book(businessId, serviceId, tokyoAt(5), 'gone@example.jp');
    await t.customers.call('deleteCustomer', { businessId, customerId: booking.customerId });
    await expect(get(booking.customerId)).rejects.toMatchObject({ code: 'CUSTOMER.NOT_FOUND', kind: 'not_found' });
    expect((await list({ query: 'gone@' })).customers).toEqual([]);
    await expect(t.customers.call('deleteCustomer', { businessId, customerId: booking.customerId })).rejects.toMatchObject({ code: 'CUSTOMER.NOT_FOUND' });
    // The booking itself is untouched and still names its customer.
    expect((await t.h.booking.call('getBooking', { businessId, bookingId: booking.id })).booking?.customerId).toBe(booking.customerId);

    const back = await t.h.book(businessId, serviceId, tokyoAt(5, '13:00'), 'gone@example.jp');
    expect(back.booking.customerId).not.toBe(booking.customerId);
  });

  it('When a customer asks to be erased, then their personal data becomes a tombstone, the booking keeps price and date, and booking.customer.erased is written once', async () => {
    const { booking } = await t.h.book(businessId, serviceId, tokyoAt(6), 'erase-me@example.jp');
    await update(booking.customerId, { nameKana: 'ケス', phone: '080-1111-2222', notes: 'allergic to lavender' });
    await t.h.db.query("UPDATE booking.bookings SET notes = 'call 080-1111-2222' WHERE id = $1", [booking.id]);

    const { customer } = await t.customers.call('eraseCustomer', { businessId, customerId: booking.customerId, requestedBy: 'user-owner' });
    expect(customer).toMatchObject({ name: '(erased)', nameKana: '', phone: '', notes: '', userId: '', email: `erased+${booking.customerId}@erased.invalid` });
    expect(customer?.erasedAt).not.toBe('');
    const { rows } = await t.h.db.query('SELECT name, email, phone, notes, name_kana FROM booking.customers WHERE id = $1', [booking.customerId]);
    expect(JSON.stringify(rows)).not.toMatch(/erase-me|080-1111|lavender|ケス/);

    const after = (await t.h.booking.call('getBooking', { businessId, bookingId: booking.id })).booking;
    expect(after).toMatchObject({ priceAmount: booking.priceAmount, currency: 'JPY', bookingDate: booking.bookingDate, startsAt: booking.startsAt, notes: '' });
    await expect(get(booking.customerId)).rejects.toMatchObject({ code: 'CUSTOMER.NOT_FOUND' });

    await t.customers.call('eraseCustomer', { businessId, customerId: booking.customerId, requestedBy: 'user-owner' });
    const events = (await t.outbox(businessId, 'booking.customer.erased')).map((payload) => customerEventsV1.CustomerErased.decode(payload));
    expect(events).toEqual([{ customerId: booking.customerId, businessId, erasedAt: customer?.erasedAt, requestedBy: 'user-owner' }]);
  });

  it("When another business names this business's customer, then every call answers NOT_FOUND and nothing changes", async () => {
    const { booking } = await t.h.book(businessId, serviceId, tokyoAt(7), 'tenant@example.jp');
    const customerId = booking.customerId;
    const ids = { businessId: otherBusinessId, customerId };
    await expect(get(customerId, otherBusinessId)).rejects.toMatchObject({ code: 'CUSTOMER.NOT_FOUND' });
    await expect(update(customerId, { name: 'Hijacked' }, otherBusinessId)).rejects.toMatchObject({ code: 'CUSTOMER.NOT_FOUND' });
    await expect(t.customers.call('deleteCustomer', ids)).rejects.toMatchObject({ code: 'CUSTOMER.NOT_FOUND' });
    await expect(t.customers.call('eraseCustomer', { ...ids, requestedBy: 'x' })).rejects.toMatchObject({ code: 'CUSTOMER.NOT_FOUND' });
    expect((await get(customerId)).customer).toMatchObject({ name: '山田 花子', email: 'tenant@example.jp', erasedAt: '' });
  });

  it('When a booking of the customer is completed, then their visit count goes up', async () => {
    const [{ booking }] = await t.completedBookings(businessId, ['regular@example.jp']);
    expect((await get(booking.customerId)).customer?.visitCount).toBe(1);
  });

  it('When a bad id or page is given, then the request is refused with the bad fields', async () => {
    await expect(get('nope')).rejects.toMatchObject({ code: 'COMMON.VALIDATION_FAILED' });
    await expect(list({ limit: 101, cursor: 'garbage' })).rejects.toMatchObject({
      code: 'COMMON.VALIDATION_FAILED',
      fields: [
        { pointer: '/query/limit', detail: expect.any(String) },
        { pointer: '/query/cursor', detail: expect.any(String) },
      ],
    });
  });

  it('When the customer list runs, then Postgres reads it through idx_customers_business', async () => {
    await t.fillOtherTenants(2_000);
    const second = await list({ limit: 1 });
    for (const request of [{ query: '' }, { query: 'yamada' }, { query: '', cursor: second.nextCursor }]) {
      const { text, values } = listCustomersQuery(checkCustomerListQuery({ businessId, limit: 20, cursor: '', ...request }));
      expect(await t.plan(text, values)).toContain('idx_customers_business');
    }
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { bookingV1 } from '@omotenashi/proto';
import { guest, LifecycleHarness, OWNER, SAGA, tokyoAt } from './lifecycle.harness';

describe('GetBooking over gRPC', () => {
  let h: LifecycleHarness;
  let businessId: string;
  let otherBusiness: string;
  let serviceId: string;

  beforeAll(async () => {
    h = await LifecycleHarness.start('get-booking');
    businessId = await h.business();
    otherBusiness = await h.business();
    serviceId = await h.service(businessId, { prepayment: 'full' });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const read = (bookingId: string, actor?: bookingV1.Actor, business = businessId) =>
    h.booking.call('getBooking', bookingV1.GetBookingRequest.fromPartial({ businessId: business, bookingId, actor }));
  const refusal = (promise: Promise<unknown>) => promise.then(() => 'answered', (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`);

  it('When the guest reads their booking with its manage token, then they get the same booking the business sees', async () => {
    const { booking, manageToken } = await h.book(businessId, serviceId, tokyoAt(5));

    const asGuest = await read(booking.id, guest(manageToken));

    expect(asGuest.booking).toEqual((await read(booking.id)).booking);
    expect(asGuest.booking).toMatchObject({ id: booking.id, status: 'held', policy: { prepayment: 'full' } });
  });

  it('When a guest sends a wrong token, none, or the token of another booking or business, then each is the one not-found', async () => {
    const mine = await h.book(businessId, serviceId, tokyoAt(6));
    const theirs = await h.book(businessId, serviceId, tokyoAt(7));

    const answers = await Promise.all([
      refusal(read(mine.booking.id, guest(randomBytes(32).toString('base64url')))),
      refusal(read(mine.booking.id, { kind: 'guest', id: '', manageToken: '' })),
      refusal(read(mine.booking.id, guest(theirs.manageToken))),
      refusal(read(mine.booking.id, guest(mine.manageToken), otherBusiness)),
      refusal(read(randomUUID(), guest(mine.manageToken))),
    ]);

    expect(answers).toEqual(Array(5).fill('BOOKING.MANAGE_TOKEN_INVALID: Booking was not found'));
  });

  it('When the business or the system reads, or no actor is given, then no token is needed, as before', async () => {
    const { booking } = await h.book(businessId, serviceId, tokyoAt(8));

    for (const actor of [undefined, OWNER, SAGA]) expect((await read(booking.id, actor)).booking?.id).toBe(booking.id);
    expect(await refusal(read(randomUUID(), OWNER))).toBe('BOOKING.NOT_FOUND: Booking was not found');
  });

  it('When the actor kind is unknown, then the request is invalid', async () => {
    const { booking } = await h.book(businessId, serviceId, tokyoAt(9));

    expect(await refusal(read(booking.id, { kind: 'admin', id: 'x', manageToken: '' }))).toMatch(/^COMMON.VALIDATION_FAILED/);
  });
});

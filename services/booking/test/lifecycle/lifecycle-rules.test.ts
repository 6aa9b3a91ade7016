import { accessBooking, checkActor, type Actor } from '../../src/domain/actor';
import { BOOKING_STATUSES, type Booking, type BookingStatus } from '../../src/domain/booking';
import { checkListRequest, decodeCursor, encodeCursor } from '../../src/domain/booking-list';
import { readPolicySnapshot } from '../../src/domain/booking-policy';
import { assertActorMay, TRANSITIONS, type BookingAction } from '../../src/domain/booking-transitions';
import { newManageToken } from '../../src/domain/manage-token';
import { decideCancellation } from '../../src/domain/use-cases/cancel-booking.use-case';
import { decideConfirmation } from '../../src/domain/use-cases/confirm-booking.use-case';
import { decideReschedule } from '../../src/domain/use-cases/reschedule-booking.use-case';

const HOUR = 3_600_000;
const NOW = new Date('2026-06-01T00:00:00Z');
const OWNER: Actor = { kind: 'business', id: 'user-1', manageToken: '' };
const SAGA: Actor = { kind: 'system', id: 'payment-saga', manageToken: '' };

function booking(overrides: Partial<Booking> = {}): Booking {
  const startsAt = overrides.startsAt ?? new Date(NOW.getTime() + 48 * HOUR);
  return {
    id: '0190a0a0-0000-7000-8000-000000000001',
    businessId: '0190a0a0-0000-7000-8000-000000000002',
    serviceId: '0190a0a0-0000-7000-8000-000000000003',
    customerId: '0190a0a0-0000-7000-8000-000000000004',
    status: 'confirmed',
    startsAt,
    endsAt: new Date(startsAt.getTime() + 90 * 60_000),
    bookingDate: '2026-06-03',
    staffId: null,
    resourceIds: [],
    partySize: 1,
    priceAmount: 10_000,
    currency: 'JPY',
    holdExpiresAt: null,
    notes: '',
    createdAt: NOW,
    updatedAt: NOW,
    policy: readPolicySnapshot({ cancelCutoffHours: 24, rescheduleCutoffHours: 24, cancellationFeePercent: 50 }, { priceAmount: 10_000, currency: 'JPY' }),
    cancellation: null,
    paymentId: null,
    rescheduleCount: 0,
    ...overrides,
  };
}

const target = (startsAt: Date) => ({ startsAt, policy: { minNoticeMinutes: 0, bookingHorizonDays: 90 }, timezone: 'Asia/Tokyo', capacity: 1 });

describe('Lifecycle rules', () => {
  describe('the transition table', () => {
    const decide: Record<'cancel' | 'reschedule' | 'confirm', (b: Booking) => unknown> = {
      cancel: (b) => decideCancellation(b, OWNER, { reason: '', expectedStatus: '' }, NOW),
      reschedule: (b) => decideReschedule(b, OWNER, target(new Date(b.startsAt.getTime() + HOUR)), NOW),
      confirm: (b) => decideConfirmation(b, SAGA, 'pay-1', NOW),
    };
    for (const [action, run] of Object.entries(decide)) {
      for (const status of BOOKING_STATUSES) {
        const allowed = TRANSITIONS[action as BookingAction].from.includes(status) || (action === 'confirm' && status === 'confirmed');
        const refusal = action === 'confirm' && status === 'expired' ? 'BOOKING.HOLD_EXPIRED' : 'BOOKING.INVALID_TRANSITION';
        it(`When a booking is ${status} and asked to ${action}, then it ${allowed ? 'may' : `may not (${refusal})`}`, () => {
          const attempt = () => run(booking({ status, holdExpiresAt: status === 'held' ? new Date(NOW.getTime() + HOUR) : null }));
          if (allowed) expect(attempt).not.toThrow();
          else expect(attempt).toThrow(expect.objectContaining({ code: refusal }));
        });
      }
    }

    it('When an actor kind is not meant for an action, then ACTION_NOT_ALLOWED before anything is read', () => {
      const refused: [BookingAction, Actor['kind']][] = [['approve', 'guest'], ['confirm', 'business'], ['complete', 'guest'], ['no_show', 'system']];
      for (const [action, kind] of refused) expect(() => assertActorMay(action, kind)).toThrow(expect.objectContaining({ code: 'BOOKING.ACTION_NOT_ALLOWED' }));
      expect(() => assertActorMay('cancel', 'guest')).not.toThrow();
    });
  });

  describe('cut-offs and start', () => {
    it('When a booking has started, then it can be neither cancelled nor moved', () => {
      const started = booking({ startsAt: NOW });
      expect(() => decideCancellation(started, OWNER, { reason: '', expectedStatus: '' }, NOW)).toThrow(expect.objectContaining({ code: 'BOOKING.CANCEL_WINDOW_CLOSED' }));
      expect(() => decideReschedule(started, OWNER, target(new Date(NOW.getTime() + 5 * HOUR)), NOW)).toThrow(
        expect.objectContaining({ code: 'BOOKING.RESCHEDULE_WINDOW_CLOSED' }),
      );
    });

    it('When a guest moves a booking exactly at the cut-off, then it is allowed; a millisecond later it is not', () => {
      const guestActor: Actor = { kind: 'guest', id: '', manageToken: 'x' };
      const b = booking({ startsAt: new Date(NOW.getTime() + 24 * HOUR) });
      const to = target(new Date(NOW.getTime() + 72 * HOUR));
      expect(decideReschedule(b, guestActor, to, NOW)).toMatchObject({ type: 'reschedule' });
      expect(() => decideReschedule(b, guestActor, to, new Date(NOW.getTime() + 1))).toThrow(expect.objectContaining({ code: 'BOOKING.RESCHEDULE_WINDOW_CLOSED' }));
      expect(decideReschedule(b, OWNER, to, new Date(NOW.getTime() + 1))).toMatchObject({ type: 'reschedule' });
    });

    it('When a booking moves, then it keeps its length and its date is the Tokyo date of the new start', () => {
      const to = new Date('2026-06-09T23:30:00Z'); // 08:30 on 10 June in Tokyo
      expect(decideReschedule(booking(), OWNER, target(to), NOW)).toMatchObject({
        startsAt: to,
        endsAt: new Date(to.getTime() + 90 * 60_000),
        bookingDate: '2026-06-10',
      });
      expect(decideReschedule(booking(), OWNER, target(booking().startsAt), NOW)).toEqual({ type: 'none' });
    });
  });

  describe('confirmation', () => {
    it('When the same payment confirms again, then nothing changes; another payment is refused', () => {
      const confirmed = booking({ status: 'confirmed', paymentId: 'pay-1' });
      expect(decideConfirmation(confirmed, SAGA, 'pay-1', NOW)).toEqual({ type: 'none' });
      expect(() => decideConfirmation(confirmed, SAGA, 'pay-2', NOW)).toThrow(expect.objectContaining({ code: 'BOOKING.ALREADY_CONFIRMED' }));
    });

    it('When a hold is past its expiry but not yet expired, then confirming it answers HOLD_EXPIRED', () => {
      const held = booking({ status: 'held', holdExpiresAt: NOW });
      expect(() => decideConfirmation(held, SAGA, 'pay-1', NOW)).toThrow(expect.objectContaining({ code: 'BOOKING.HOLD_EXPIRED' }));
    });
  });

  describe('guest access', () => {
    it('When a guest shows the right token, then it gets the booking; any other token, or none to match, is the same not-found', () => {
      const { token, hash } = newManageToken();
      const record = { booking: booking(), manageTokenHash: hash };
      const asGuest = (manageToken: string): Actor => ({ kind: 'guest', id: '', manageToken });
      expect(accessBooking(record, asGuest(token))).toBe(record.booking);
      for (const attempt of [() => accessBooking(record, asGuest(`${token}x`)), () => accessBooking(undefined, asGuest(token)), () => accessBooking({ ...record, manageTokenHash: null }, asGuest(token))]) {
        expect(attempt).toThrow(expect.objectContaining({ code: 'BOOKING.MANAGE_TOKEN_INVALID', kind: 'not_found' }));
      }
      expect(() => accessBooking(undefined, OWNER)).toThrow(expect.objectContaining({ code: 'BOOKING.NOT_FOUND' }));
    });

    it('When an actor is checked, then a guest loses any id it claims and the business must name itself', () => {
      expect(checkActor({ kind: 'guest', id: 'user-9', manageToken: 't' })).toEqual({ kind: 'guest', id: '', manageToken: 't' });
      expect(() => checkActor({ kind: 'admin', id: 'x', manageToken: '' })).toThrow(expect.objectContaining({ code: 'COMMON.VALIDATION_FAILED' }));
    });
  });

  describe('list query', () => {
    it('When a cursor is issued, then it decodes to the same position; anything else is not a cursor', () => {
      const b = booking();
      expect(decodeCursor(encodeCursor(b))).toEqual({ startsAt: b.startsAt, id: b.id });
      for (const junk of ['', 'abc', Buffer.from('{"s":"x","i":"y"}').toString('base64url')]) expect(decodeCursor(junk)).toBeUndefined();
    });

    it('When no limit is given, then 20; statuses are de-duplicated', () => {
      const query = checkListRequest({ businessId: 'b', from: '', to: '', statuses: ['held', 'held'], customerId: '', limit: 0, cursor: '' });
      expect(query).toMatchObject({ limit: 20, statuses: ['held'] as BookingStatus[] });
      expect(() => checkListRequest({ businessId: 'b', from: '2026-02-30', to: '', statuses: [], customerId: '', limit: 1, cursor: '' })).toThrow(
        expect.objectContaining({ fields: [expect.objectContaining({ pointer: '/query/from' })] }),
      );
    });
  });

  it('When a snapshot predates the lifecycle, then its missing terms take the catalog defaults and the booking price', () => {
    const legacy = { minNoticeMinutes: 60, cancelCutoffHours: 48, prepayment: 'full', depositAmount: 0, timezone: 'Asia/Tokyo' };
    expect(readPolicySnapshot(legacy, { priceAmount: 7_700, currency: 'JPY' })).toEqual({
      cancelCutoffHours: 48,
      rescheduleCutoffHours: 24,
      cancellationFeePercent: 0,
      refundPercent: 100,
      requiresApproval: false,
      prepayment: 'full',
      depositAmount: 0,
      priceAmount: 7_700,
      currency: 'JPY',
      timezone: 'Asia/Tokyo',
    });
  });
});

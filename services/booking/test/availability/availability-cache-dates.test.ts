import { bookingEventsV1 } from '@omotenashi/proto';
import { BOOKING_REACH_DAYS, datesAffectedBy, isCalendarDate, questionDates } from '../../src/domain/availability-cache';
import { bookingDatesOf } from '../../src/entry-points/messaging/availability-invalidation.handler';

describe('Which cached availability dates a booking change touches', () => {
  it('When a booking is on a date, then that date and two days either side are touched, across month and year ends', () => {
    expect(BOOKING_REACH_DAYS).toBe(2);
    expect(datesAffectedBy('2026-03-15')).toEqual(['2026-03-13', '2026-03-14', '2026-03-15', '2026-03-16', '2026-03-17']);
    expect(datesAffectedBy('2026-12-31')).toEqual(['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(datesAffectedBy('2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01', '2028-03-02', '2028-03-03']);
  });

  it('When a reschedule names its old and new dates, then both neighbourhoods are touched, each date once and in order', () => {
    expect(datesAffectedBy('2026-03-20', '2026-03-10')).toEqual([
      '2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12',
      '2026-03-18', '2026-03-19', '2026-03-20', '2026-03-21', '2026-03-22',
    ]);
    expect(datesAffectedBy('2026-03-10', '2026-03-11')).toEqual(['2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13']);
    expect(datesAffectedBy('2026-03-10', '2026-03-10')).toHaveLength(5);
  });

  it('When a slot on a touched date could overlap the booking, then it lies within the reach (widest durations and buffers)', () => {
    // Widest booking on D: starts 23:59, 1,440 min, 240 min buffers → occupies D−1 20:00 … D+2 03:59+.
    // Widest slot on X occupies X−1 20:00 … X+2 04:00: overlap needs X−1 20:00 < D+2 04:00 and X+2 04:00 > D−1 20:00.
    const MINUTE = 60_000;
    const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
    const D = '2026-06-10';
    const occupied = (date: string, minuteOfDay: number) => [day(date) + (minuteOfDay - 240) * MINUTE, day(date) + (minuteOfDay + 1_440 + 240) * MINUTE];
    const reach = new Set(datesAffectedBy(D));
    const [bookingFrom, bookingTo] = [occupied(D, 0)[0]!, occupied(D, 1_439)[1]!];
    for (let offset = -5; offset <= 5; offset++) {
      const X = new Date(day(D) + offset * 86_400_000).toISOString().slice(0, 10);
      const [slotFrom, slotTo] = [occupied(X, 0)[0]!, occupied(X, 1_439)[1]!];
      const mayOverlap = slotFrom < bookingTo && slotTo > bookingFrom;
      expect({ X, touched: reach.has(X) }).toEqual({ X, touched: mayOverlap });
    }
  });

  it('When a date is not a calendar date, then it is refused with a clear error', () => {
    expect(() => datesAffectedBy('2026-02-30')).toThrow(/not a date YYYY-MM-DD: "2026-02-30"/);
    expect(() => datesAffectedBy('')).toThrow(/not a date YYYY-MM-DD/);
    expect(() => questionDates({ date: '2026-13-01', days: 1 })).toThrow(/not a date YYYY-MM-DD/);
    expect(() => questionDates({ date: '2026-01-01', days: 0 })).toThrow(/days must be a positive integer/);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
  });

  it('When a question covers several days, then each of its dates is listed', () => {
    expect(questionDates({ date: '2026-12-30', days: 4 })).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(questionDates({ date: '2026-05-05', days: 1 })).toEqual(['2026-05-05']);
  });
});

describe('Which dates a booking event names', () => {
  const { BookingCreated, BookingCancelled, BookingRescheduled, BookingExpired, BookingNoShow, BookingConfirmed, BookingCompleted } = bookingEventsV1;
  const bookingDate = '2026-07-01';

  it('When a booking event moves allocations, then its booking date (and a reschedule\'s previous one) is read from the payload', () => {
    expect(bookingDatesOf('booking.booking.created', BookingCreated.encode(BookingCreated.fromPartial({ bookingDate })).finish())).toEqual([bookingDate]);
    expect(bookingDatesOf('booking.booking.cancelled', BookingCancelled.encode(BookingCancelled.fromPartial({ bookingDate })).finish())).toEqual([bookingDate]);
    expect(bookingDatesOf('booking.booking.expired', BookingExpired.encode(BookingExpired.fromPartial({ bookingDate })).finish())).toEqual([bookingDate]);
    expect(bookingDatesOf('booking.booking.no_show', BookingNoShow.encode(BookingNoShow.fromPartial({ bookingDate })).finish())).toEqual([bookingDate]);
    const moved = BookingRescheduled.encode(BookingRescheduled.fromPartial({ previousBookingDate: '2026-06-20', bookingDate })).finish();
    expect(bookingDatesOf('booking.booking.rescheduled', moved)).toEqual(['2026-06-20', bookingDate]);
  });

  it('When a booking event only changes a status, then it keeps availability', () => {
    expect(bookingDatesOf('booking.booking.confirmed', BookingConfirmed.encode(BookingConfirmed.fromPartial({ bookingDate })).finish())).toBe('keeps');
    expect(bookingDatesOf('booking.booking.completed', BookingCompleted.encode(BookingCompleted.fromPartial({ bookingDate })).finish())).toBe('keeps');
  });

  it('When the date is missing or malformed, the payload does not decode, or the subject is not a known booking event, then it cannot tell', () => {
    expect(bookingDatesOf('booking.booking.expired', BookingExpired.encode(BookingExpired.fromPartial({ bookingId: 'b' })).finish())).toBeUndefined();
    const halfMoved = BookingRescheduled.encode(BookingRescheduled.fromPartial({ bookingDate })).finish();
    expect(bookingDatesOf('booking.booking.rescheduled', halfMoved)).toBeUndefined();
    expect(bookingDatesOf('booking.booking.created', BookingCreated.encode(BookingCreated.fromPartial({ bookingDate: '07/01/2026' })).finish())).toBeUndefined();
    expect(bookingDatesOf('booking.booking.created', new Uint8Array([0x0a, 0xff]))).toBeUndefined();
    expect(bookingDatesOf('catalog.business.updated', new Uint8Array())).toBeUndefined();
    expect(bookingDatesOf('booking.booking.toString', new Uint8Array())).toBeUndefined();
  });
});

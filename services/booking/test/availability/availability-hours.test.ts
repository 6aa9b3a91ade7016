import { computeAvailability } from '../../src/domain/availability';
import { availabilityInput, clockRange, everyDay, startDates, startTimes } from './availability.fixtures';

describe('Availability: opening hours', () => {
  test('When the business closes for lunch, then no slot starts in or runs into the break', () => {
    const result = computeAvailability(availabilityInput({ hours: { weekly: everyDay(['09:00', '12:00'], ['13:00', '18:00']) } }));

    expect(startTimes(result)).toEqual([...clockRange('09:00', '11:30'), ...clockRange('13:00', '17:30')]);
    expect(result.slots[0]).toEqual({ startsAt: '2027-01-04T09:00:00+09:00', endsAt: '2027-01-04T10:00:00+09:00', staffIds: [], resourceIds: [], remaining: 1 });
  });

  test('When intervals touch, then they are one interval and a slot may span the seam', () => {
    const result = computeAvailability(availabilityInput({ hours: { weekly: everyDay(['10:00', '12:00'], ['12:00', '13:00']) } }));

    expect(startTimes(result)).toEqual(clockRange('10:00', '12:30'));
  });

  test('When a closure covers a date range, then no day in it has slots, both ends included', () => {
    const result = computeAvailability(availabilityInput({
      hours: { closures: [{ from: '2027-01-05', to: '2027-01-07', reason: '臨時休業' }] },
      query: { fromDate: '2027-01-04', days: 5 },
    }));

    expect(startDates(result)).toEqual(['2027-01-04', '2027-01-08']);
  });

  test('When a special day sets other hours, then they replace that day’s weekly hours, breaks included', () => {
    const result = computeAvailability(availabilityInput({
      hours: {
        specialDays: [
          { from: '2027-01-05', to: '2027-01-05', opens: '14:00', closes: '15:30' },
          { from: '2027-01-05', to: '2027-01-05', opens: '11:00', closes: '12:00' },
        ],
      },
      query: { fromDate: '2027-01-04', days: 3 },
    }));

    const on = (date: string) => result.slots.filter((s) => s.startsAt.startsWith(date)).map((s) => s.startsAt.slice(11, 16));
    expect(on('2027-01-04')).toEqual(clockRange('10:00', '17:30'));
    expect(on('2027-01-05')).toEqual(['11:00', '14:00', '14:30']);
    expect(on('2027-01-06')).toEqual(clockRange('10:00', '17:30'));
  });

  test('When a special day falls on a weekday the business is normally closed, then it opens that day', () => {
    const result = computeAvailability(availabilityInput({
      hours: { weekly: everyDay(['10:00', '18:00']).filter((i) => i.weekday !== 7), specialDays: [{ from: '2027-01-10', to: '2027-01-10', opens: '10:00', closes: '12:00' }] },
      query: { fromDate: '2027-01-09', days: 3 },
    }));

    expect(startDates(result)).toEqual(['2027-01-09', '2027-01-10', '2027-01-11']);
    expect(result.slots.filter((s) => s.startsAt.startsWith('2027-01-10')).map((s) => s.startsAt.slice(11, 16))).toEqual(['10:00', '10:30', '11:00']);
  });

  test('When a closure and a special day cover the same date, then the closure wins', () => {
    const result = computeAvailability(availabilityInput({
      hours: { closures: [{ from: '2027-01-04', to: '2027-01-04' }], specialDays: [{ from: '2027-01-04', to: '2027-01-04', opens: '10:00', closes: '12:00' }] },
    }));

    expect(result.slots).toEqual([]);
  });

  test('When the date is one of the business’s holidays, then it is closed', () => {
    const result = computeAvailability(availabilityInput({ hours: { holidays: ['2027-01-11'] }, query: { fromDate: '2027-01-10', days: 3 } }));

    expect(startDates(result)).toEqual(['2027-01-10', '2027-01-12']);
  });

  test('When the business closes at 24:00, then the last slot ends at midnight', () => {
    const result = computeAvailability(availabilityInput({ hours: { weekly: everyDay(['22:00', '24:00']) } }));

    expect(result.slots.map((s) => [s.startsAt, s.endsAt])).toEqual([
      ['2027-01-04T22:00:00+09:00', '2027-01-04T23:00:00+09:00'],
      ['2027-01-04T22:30:00+09:00', '2027-01-04T23:30:00+09:00'],
      ['2027-01-04T23:00:00+09:00', '2027-01-05T00:00:00+09:00'],
    ]);
  });

  test('When the grid is coarser than the service, then starts follow the grid from each opening', () => {
    const result = computeAvailability(availabilityInput({
      policy: { slotIntervalMinutes: 45 },
      service: { durationMinutes: 30 },
      hours: { weekly: everyDay(['10:00', '12:00'], ['13:15', '14:30']) },
    }));

    expect(startTimes(result)).toEqual(['10:00', '10:45', '11:30', '13:15', '14:00']);
  });

  test('When minimum notice applies, then slots start no earlier than now plus notice', () => {
    const result = computeAvailability(availabilityInput({ policy: { minNoticeMinutes: 90 }, query: { now: '2027-01-04T12:10:00+09:00' } }));

    expect(startTimes(result)).toEqual(clockRange('14:00', '17:30')); // 12:10 + 90 min = 13:40
  });

  test('When the booking horizon ends mid-day, then no slot starts after now plus the horizon', () => {
    const result = computeAvailability(availabilityInput({ policy: { bookingHorizonDays: 3 }, query: { now: '2027-01-01T12:00:00+09:00', days: 5 } }));

    expect(startDates(result)).toEqual(['2027-01-04']);
    expect(startTimes(result)).toEqual(clockRange('10:00', '12:30'));
  });

  test('When the input is not valid, then it says which value is wrong', () => {
    expect(() => computeAvailability(availabilityInput({ timezone: 'Mars/Olympus' }))).toThrow(RangeError);
    expect(() => computeAvailability(availabilityInput({ query: { days: 32 } }))).toThrow('query.days');
    expect(() => computeAvailability(availabilityInput({ query: { fromDate: '2027-02-30' } }))).toThrow('2027-02-30');
    expect(() => computeAvailability(availabilityInput({ query: { now: '2027-01-04T10:00:00' } }))).toThrow('query.now');
    expect(() => computeAvailability(availabilityInput({ hours: { weekly: [{ weekday: 1, opens: '18:00', closes: '10:00' }] } }))).toThrow('closes');
  });
});

import { computeAvailability } from '../../src/domain/availability';
import { availabilityInput, everyDay } from './availability.fixtures';

const spans = (result: ReturnType<typeof computeAvailability>) => result.slots.map((s) => `${s.startsAt} → ${s.endsAt}`);
const instants = (result: ReturnType<typeof computeAvailability>) => result.slots.map((s) => new Date(s.startsAt).toISOString());

describe('Availability across daylight-saving changes', () => {
  const newYork = (date: string, opens: string, closes: string) =>
    availabilityInput({ timezone: 'America/New_York', policy: { bookingHorizonDays: 730 }, hours: { weekly: everyDay([opens, closes]) }, query: { fromDate: date, now: '2027-01-01T00:00:00Z' } });

  test('When New York springs forward (2027-03-14), then 02:00–02:59 is skipped and slots last 60 real minutes', () => {
    const result = computeAvailability(newYork('2027-03-14', '00:00', '04:00'));

    expect(spans(result)).toEqual([
      '2027-03-14T00:00:00-05:00 → 2027-03-14T01:00:00-05:00',
      '2027-03-14T00:30:00-05:00 → 2027-03-14T01:30:00-05:00',
      '2027-03-14T01:00:00-05:00 → 2027-03-14T03:00:00-04:00',
      '2027-03-14T01:30:00-05:00 → 2027-03-14T03:30:00-04:00',
      '2027-03-14T03:00:00-04:00 → 2027-03-14T04:00:00-04:00',
    ]);
    expect(instants(result)).toEqual(['2027-03-14T05:00:00.000Z', '2027-03-14T05:30:00.000Z', '2027-03-14T06:00:00.000Z', '2027-03-14T06:30:00.000Z', '2027-03-14T07:00:00.000Z']);
  });

  test('When New York falls back (2027-11-07), then 01:00–01:59 is offered once and slots last 60 real minutes', () => {
    const result = computeAvailability(newYork('2027-11-07', '00:00', '04:00'));

    expect(spans(result)).toEqual([
      '2027-11-07T00:00:00-04:00 → 2027-11-07T01:00:00-04:00',
      '2027-11-07T00:30:00-04:00 → 2027-11-07T01:30:00-04:00',
      '2027-11-07T01:00:00-04:00 → 2027-11-07T01:00:00-05:00',
      '2027-11-07T01:30:00-04:00 → 2027-11-07T01:30:00-05:00',
      '2027-11-07T02:00:00-05:00 → 2027-11-07T03:00:00-05:00',
      '2027-11-07T02:30:00-05:00 → 2027-11-07T03:30:00-05:00',
      '2027-11-07T03:00:00-05:00 → 2027-11-07T04:00:00-05:00',
    ]);
  });

  test('When a salon opens 09:00–12:00 on New York’s change days, then the offset and UTC instants follow the change', () => {
    const spring = computeAvailability({ ...newYork('2027-03-13', '09:00', '12:00'), query: { fromDate: '2027-03-13', days: 2, now: '2027-01-01T00:00:00Z' } });
    const fall = computeAvailability({ ...newYork('2027-11-06', '09:00', '12:00'), query: { fromDate: '2027-11-06', days: 2, now: '2027-01-01T00:00:00Z' } });

    expect(spring.slots.map((s) => s.startsAt).filter((s) => s.includes('T09:00'))).toEqual(['2027-03-13T09:00:00-05:00', '2027-03-14T09:00:00-04:00']);
    expect([instants(spring)[0], instants(spring)[5]]).toEqual(['2027-03-13T14:00:00.000Z', '2027-03-14T13:00:00.000Z']);
    expect([instants(fall)[0], instants(fall)[5]]).toEqual(['2027-11-06T13:00:00.000Z', '2027-11-07T14:00:00.000Z']);
    expect(fall.slots.map((s) => s.startsAt).filter((s) => s.includes('T09:00'))).toEqual(['2027-11-06T09:00:00-04:00', '2027-11-07T09:00:00-05:00']);
    expect(spring.slots).toHaveLength(10);
    expect(fall.slots).toHaveLength(10);
  });

  test('When the business opens inside the spring-forward gap, then its first slot is on the grid after the gap', () => {
    const result = computeAvailability(newYork('2027-03-14', '02:30', '05:00'));

    expect(result.slots.map((s) => s.startsAt)).toEqual(['2027-03-14T03:00:00-04:00', '2027-03-14T03:30:00-04:00', '2027-03-14T04:00:00-04:00']);
  });

  test('When Berlin changes its clocks (2027-03-28, 2027-10-31), then slots follow the same rules with CET/CEST offsets', () => {
    const berlin = (date: string) => availabilityInput({
      timezone: 'Europe/Berlin', policy: { slotIntervalMinutes: 60, bookingHorizonDays: 730 }, hours: { weekly: everyDay(['01:00', '04:00']) },
      query: { fromDate: date, now: '2027-01-01T00:00:00Z' },
    });

    expect(spans(computeAvailability(berlin('2027-03-28')))).toEqual([
      '2027-03-28T01:00:00+01:00 → 2027-03-28T03:00:00+02:00',
      '2027-03-28T03:00:00+02:00 → 2027-03-28T04:00:00+02:00',
    ]);
    expect(spans(computeAvailability(berlin('2027-10-31')))).toEqual([
      '2027-10-31T01:00:00+02:00 → 2027-10-31T02:00:00+02:00',
      '2027-10-31T02:00:00+02:00 → 2027-10-31T02:00:00+01:00',
      '2027-10-31T03:00:00+01:00 → 2027-10-31T04:00:00+01:00',
    ]);
  });
});

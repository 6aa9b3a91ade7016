import type { Allocation, AvailabilityInput } from '../../src/domain/availability';
import { computeAvailability } from '../../src/domain/availability';
import { chooseSubjects } from '../../src/domain/slot-choice';

const NOW = '2030-04-01T00:00:00+09:00';
const day = (weekday: number, opens: string, closes: string) => ({ weekday, opens, closes });
const week = (opens: string, closes: string) => [1, 2, 3, 4, 5, 6, 7].map((w) => day(w, opens, closes));

function salon(overrides: Partial<AvailabilityInput> = {}, service: Partial<AvailabilityInput['service']> = {}): AvailabilityInput {
  return {
    business: { timezone: 'Asia/Tokyo', policy: { minNoticeMinutes: 0, bookingHorizonDays: 365, slotIntervalMinutes: 30 } },
    service: { id: 'cut', durationMinutes: 60, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, capacity: 1, requiredResourceKinds: ['chair'], staffIds: ['aoi', 'ren'], ...service },
    hours: { weekly: [...week('10:00', '13:00'), ...week('14:00', '18:00')], closures: [{ from: '2030-04-03', to: '2030-04-03' }], specialDays: [], holidays: ['2030-04-29'] },
    staff: [{ id: 'aoi', weekly: [], timeOff: [] }, { id: 'ren', weekly: [], timeOff: [] }],
    resources: [{ id: 'chair-1', kind: 'chair', capacity: 1 }, { id: 'chair-2', kind: 'chair', capacity: 1 }],
    allocations: [],
    query: { fromDate: '2030-04-01', days: 1, now: NOW },
    ...overrides,
  };
}

const booked = (subjectKind: Allocation['subjectKind'], subjectId: string, from: string, to: string, serviceId = 'cut', seats = 1): Allocation => ({
  subjectKind, subjectId, startsAt: `2030-04-01T${from}:00+09:00`, endsAt: `2030-04-01T${to}:00+09:00`, serviceId, seats,
});
const at = (time: string, date = '2030-04-01') => new Date(`${date}T${time}+09:00`);

describe('Choosing who and what a booking takes', () => {
  it('When every listed slot is booked, then the check agrees with the engine that lists them', () => {
    const input = salon();
    for (const slot of computeAvailability(input).slots) {
      const choice = chooseSubjects(input, new Date(slot.startsAt));
      expect(slot.staffIds).toContain(choice.staffId);
      expect(slot.resourceIds).toEqual(expect.arrayContaining(choice.resourceIds));
    }
  });

  it('When the time is at lunch, before opening, on a closure or a holiday, then it is unavailable, not taken', () => {
    for (const startsAt of [at('12:30:00'), at('09:30:00'), at('10:00:00', '2030-04-03'), at('10:00:00', '2030-04-29')]) {
      expect(() => chooseSubjects(salon(), startsAt)).toThrow(expect.objectContaining({ code: 'BOOKING.SLOT_UNAVAILABLE' }));
    }
  });

  it('When both chairs are busy, then the slot is taken; when one is, the other chair is chosen', () => {
    const oneBusy = salon({ allocations: [booked('resource', 'chair-1', '10:00', '11:00')] });
    expect(chooseSubjects(oneBusy, at('10:00:00')).resourceIds).toEqual(['chair-2']);
    const bothBusy = salon({ allocations: [booked('resource', 'chair-1', '10:00', '11:00'), booked('resource', 'chair-2', '09:30', '10:30')] });
    expect(() => chooseSubjects(bothBusy, at('10:00:00'))).toThrow(expect.objectContaining({ code: 'BOOKING.SLOT_TAKEN' }));
  });

  it('When a start is off the slot grid or has seconds, then it is judged exactly at that instant', () => {
    const input = salon({ allocations: [booked('resource', 'chair-1', '10:00', '10:20'), booked('resource', 'chair-2', '10:00', '10:20')] });
    expect(() => chooseSubjects(input, at('10:19:59'))).toThrow(expect.objectContaining({ code: 'BOOKING.SLOT_TAKEN' }));
    expect(chooseSubjects(input, at('10:20:00')).resourceIds).toHaveLength(1);
    expect(chooseSubjects(input, at('11:59:30')).staffId).toBeTruthy();
    expect(() => chooseSubjects(input, at('12:00:01'))).toThrow(expect.objectContaining({ code: 'BOOKING.SLOT_UNAVAILABLE' }));
  });

  it('When the booking had a stylist and chair that are still free, then it keeps them', () => {
    for (let i = 0; i < 10; i++) {
      expect(chooseSubjects(salon(), at('15:00:00'), { staffId: 'ren', resourceIds: ['chair-2'] })).toEqual({ staffId: 'ren', resourceIds: ['chair-2'] });
    }
  });

  it('When a business is open around the clock, then a booking may run past midnight', () => {
    const input = salon({ hours: { weekly: week('00:00', '24:00'), closures: [], specialDays: [], holidays: [] } });
    expect(chooseSubjects(input, at('23:30:00')).staffId).toBeTruthy();
  });

  it('When a class is full, then the seat count is left to the repository, which knows how many are left', () => {
    const input = salon({ allocations: [booked('service', 'yoga', '10:00', '11:00', 'yoga', 8), booked('staff', 'aoi', '10:00', '11:00', 'yoga')] }, {
      id: 'yoga', capacity: 8, staffIds: ['aoi'], requiredResourceKinds: [],
    });
    expect(chooseSubjects(input, at('10:00:00'))).toEqual({ staffId: 'aoi', resourceIds: [] });
    // Another session of the class can't have her while she teaches this one.
    expect(() => chooseSubjects(input, at('10:30:00'))).toThrow(expect.objectContaining({ code: 'BOOKING.SLOT_TAKEN' }));
  });
});

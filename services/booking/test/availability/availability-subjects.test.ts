import { computeAvailability, type Allocation, type AvailabilityStaff } from '../../src/domain/availability';
import { availabilityInput, clockRange, everyDay, startTimes } from './availability.fixtures';

const at = (clock: string) => `2027-01-04T${clock}:00+09:00`;
const person = (id: string, extra: Partial<AvailabilityStaff> = {}): AvailabilityStaff => ({ id, weekly: [], timeOff: [], ...extra });
const busy = (subjectKind: Allocation['subjectKind'], subjectId: string, from: string, to: string, seats = 1, serviceId?: string): Allocation =>
  ({ subjectKind, subjectId, startsAt: at(from), endsAt: at(to), seats, serviceId });

describe('Availability: staff, resources and seats', () => {
  test('When a stylist takes time off, then her slots go and a colleague still covers them', () => {
    const result = computeAvailability(availabilityInput({
      service: { staffIds: ['aoi', 'ren'] },
      staff: [person('aoi', { timeOff: [{ startsAt: at('11:00'), endsAt: at('13:00') }] }), person('ren', { weekly: everyDay(['10:00', '12:00']) })],
    }));

    const byStart = Object.fromEntries(result.slots.map((s) => [s.startsAt.slice(11, 16), [s.staffIds, s.remaining]]));
    expect(byStart['10:00']).toEqual([['aoi', 'ren'], 2]);
    expect(byStart['10:30']).toEqual([['ren'], 1]);
    expect(byStart['11:00']).toEqual([['ren'], 1]);
    expect(byStart['11:30']).toBeUndefined(); // aoi off, ren's day ends at 12:00
    expect(byStart['13:00']).toEqual([['aoi'], 1]);
  });

  test('When the customer chooses a stylist, then only that stylist’s free times are offered', () => {
    const input = availabilityInput({
      service: { staffIds: ['aoi', 'ren'] },
      staff: [person('aoi'), person('ren')],
      allocations: [busy('staff', 'ren', '10:00', '16:00')],
    });

    const withRen = computeAvailability({ ...input, query: { ...input.query, staffId: 'ren' } });
    expect(startTimes(withRen)).toEqual(clockRange('16:00', '17:30'));
    expect(withRen.slots.every((s) => s.staffIds.join() === 'ren' && s.remaining === 1)).toBe(true);
    expect(computeAvailability({ ...input, query: { ...input.query, staffId: 'kai' } }).slots).toEqual([]);
  });

  test('When a cut needs a stylist and a chair, then a slot is offered only when both are free', () => {
    const result = computeAvailability(availabilityInput({
      hours: { weekly: everyDay(['10:00', '14:00']) },
      service: { staffIds: ['aoi'], requiredResourceKinds: ['chair'] },
      staff: [person('aoi')],
      resources: [{ id: 'chair-1', kind: 'chair', capacity: 1 }, { id: 'sink-1', kind: 'shampoo', capacity: 1 }],
      allocations: [busy('staff', 'aoi', '10:00', '11:00'), busy('resource', 'chair-1', '11:00', '12:00')],
    }));

    expect(startTimes(result)).toEqual(['12:00', '12:30', '13:00']);
    expect(result.slots[0]).toMatchObject({ staffIds: ['aoi'], resourceIds: ['chair-1'], remaining: 1 });
  });

  test('When chairs are scarcer than stylists, then remaining counts the bookings that still fit', () => {
    const result = computeAvailability(availabilityInput({
      service: { staffIds: ['aoi', 'ren', 'kai'], requiredResourceKinds: ['chair'] },
      staff: [person('aoi'), person('ren'), person('kai')],
      resources: [{ id: 'chair-1', kind: 'chair', capacity: 1 }, { id: 'chair-2', kind: 'chair', capacity: 1 }],
      allocations: [busy('resource', 'chair-2', '10:00', '11:00')],
    }));

    expect(result.slots[0]).toMatchObject({ startsAt: at('10:00'), staffIds: ['aoi', 'ren', 'kai'], resourceIds: ['chair-1'], remaining: 1 });
    expect(result.slots[2]).toMatchObject({ startsAt: at('11:00'), resourceIds: ['chair-1', 'chair-2'], remaining: 2 });
  });

  test('When the service has buffers, then staff must be free and at work for them too', () => {
    const result = computeAvailability(availabilityInput({
      service: { staffIds: ['aoi'], bufferBeforeMinutes: 15, bufferAfterMinutes: 15 },
      staff: [person('aoi', { weekly: everyDay(['09:45', '13:00']) })],
      allocations: [busy('staff', 'aoi', '11:45', '12:00')],
    }));

    // 10:00 needs 09:45–11:15; 10:30 would need aoi until 11:45 (free: the allocation starts then); 11:00 overlaps it.
    expect(startTimes(result)).toEqual(['10:00', '10:30']);
  });

  test('When a one-to-one service needs nobody and nothing, then its own bookings (with buffers) block it', () => {
    const result = computeAvailability(availabilityInput({
      hours: { weekly: everyDay(['10:00', '13:00']) },
      service: { bufferAfterMinutes: 10 },
      allocations: [busy('service', 'svc', '10:00', '11:10'), busy('service', 'other-service', '11:00', '13:00')],
    }));

    expect(startTimes(result)).toEqual(['11:30', '12:00']);
  });

  test('When a class of 8 has 6 seats taken, then a party of 3 can’t book it but can book the next one', () => {
    const input = availabilityInput({
      hours: { weekly: everyDay(['10:00', '12:00']) },
      policy: { slotIntervalMinutes: 60 },
      service: { capacity: 8, bufferAfterMinutes: 15, staffIds: ['mei'], requiredResourceKinds: ['studio'] },
      staff: [person('mei')],
      resources: [{ id: 'studio-a', kind: 'studio', capacity: 12 }],
      allocations: [
        // Two bookings of the 10:00 class; its instructor and studio are held by that session.
        busy('service', 'svc', '10:00', '11:15', 4), busy('service', 'svc', '10:00', '11:15', 2),
        busy('staff', 'mei', '10:00', '11:15', 6, 'svc'), busy('resource', 'studio-a', '10:00', '11:15', 6, 'svc'),
      ],
      query: { partySize: 3 },
    });

    expect(computeAvailability(input).slots).toEqual([]); // 10:00 has 2 seats; 11:00 would need mei during the 10:00 class
    const pair = computeAvailability({ ...input, query: { ...input.query, partySize: 2 } });
    expect(pair.slots).toEqual([{ startsAt: at('10:00'), endsAt: at('11:00'), staffIds: ['mei'], resourceIds: ['studio-a'], remaining: 2 }]);
  });

  test('When a class’s previous session is in its clean-up buffer, then its guests don’t take the next session’s seats', () => {
    const result = computeAvailability(availabilityInput({
      hours: { weekly: everyDay(['10:00', '12:00']) },
      policy: { slotIntervalMinutes: 60 },
      service: { capacity: 8, bufferAfterMinutes: 15 },
      allocations: [busy('service', 'svc', '10:00', '11:15', 5)],
      query: { partySize: 3 },
    }));

    expect(result.slots.map((s) => [s.startsAt.slice(11, 16), s.remaining])).toEqual([['10:00', 3], ['11:00', 8]]);
  });

  test('When the party is bigger than the service’s capacity or every room, then nothing is offered', () => {
    const oneToOne = availabilityInput({ query: { partySize: 2 } });
    const smallRooms = availabilityInput({
      service: { capacity: 8, requiredResourceKinds: ['room'] },
      resources: [{ id: 'room-1', kind: 'room', capacity: 4 }],
      query: { partySize: 5 },
    });

    expect(computeAvailability(oneToOne).slots).toEqual([]);
    expect(computeAvailability(smallRooms).slots).toEqual([]);
  });

  test('When a performer has no schedule on record, then nobody is offered for the service', () => {
    const result = computeAvailability(availabilityInput({ service: { staffIds: ['ghost'] } }));

    expect(result.slots).toEqual([]);
  });
});

import fc from 'fast-check';
import { computeAvailability, type Allocation, type AvailabilityInput, type AvailableSlot } from '../../src/domain/availability';
import { availabilityInputs } from './availability.arbitraries';
import { PROPERTY_RUNS } from './property-settings';

const MINUTE = 60_000;

/** What the booking service would write for a booking of `slot`: one performer, one resource per kind, the seats. */
function allocationsOfBooking(input: AvailabilityInput, slot: AvailableSlot): Allocation[] {
  const { service } = input;
  const seats = input.query.partySize ?? 1;
  const startsAt = new Date(Date.parse(slot.startsAt) - service.bufferBeforeMinutes * MINUTE).toISOString();
  const endsAt = new Date(Date.parse(slot.endsAt) + service.bufferAfterMinutes * MINUTE).toISOString();
  const session = { startsAt, endsAt, seats, serviceId: service.id };
  const resources = [...new Set(service.requiredResourceKinds)].map((kind) => slot.resourceIds.find((id) => input.resources.find((r) => r.id === id)?.kind === kind)!);
  return [
    { subjectKind: 'service', subjectId: service.id, ...session },
    ...slot.staffIds.slice(0, 1).map((id): Allocation => ({ subjectKind: 'staff', subjectId: id, ...session })),
    ...resources.map((id): Allocation => ({ subjectKind: 'resource', subjectId: id, ...session })),
  ];
}

describe('Availability after a booking (metamorphic)', () => {
  test('Property: booking a slot takes exactly one place (or the party’s seats, joining the session) from that slot', () => {
    const withSlot = availabilityInputs
      .map((input) => ({ input, slots: computeAvailability(input).slots }))
      .filter(({ slots }) => slots.length > 0)
      .chain(({ input, slots }) => fc.nat({ max: slots.length - 1 }).map((i) => ({ input, slot: slots[i] })));

    fc.assert(fc.property(withSlot, ({ input, slot }) => {
      const party = input.query.partySize ?? 1;
      const after = computeAvailability({ ...input, allocations: [...input.allocations, ...allocationsOfBooking(input, slot)] });
      const same = after.slots.find((s) => s.startsAt === slot.startsAt);
      const isClass = input.service.capacity > 1;
      const left = slot.remaining - (isClass ? party : 1);

      if (left < (isClass ? party : 1)) {
        expect(same).toBeUndefined();
        return;
      }
      expect(same).toBeDefined();
      expect(same!.remaining).toBe(left);
      if (isClass) {
        expect(same!.staffIds).toEqual(slot.staffIds); // the performer and resources hold the session, so they stay listed
        expect(same!.resourceIds).toEqual(slot.resourceIds);
      } else if (slot.staffIds.length) {
        expect(same!.staffIds).not.toContain(slot.staffIds[0]);
      }
    }), PROPERTY_RUNS.some);
  });
});

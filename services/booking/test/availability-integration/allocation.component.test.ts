import { bookingV1 } from '@omotenashi/proto';
import { at, SalonHarness, testDates, type Salon } from './salon.harness';
import { tokyoClock } from '../../../../tests/support/time';

const OWNER: bookingV1.Actor = { kind: 'business', id: 'owner', manageToken: '' };

describe('Bookings take a free stylist and one resource of each kind, by the same rules as availability', () => {
  let h: SalonHarness;
  let salon: Salon;
  let cut: string;
  let spa: string;
  let yoga: string;
  let chair: string;
  let beds: string[];
  let studio: string;
  let instructor: string;
  const { holiday, days } = testDates(8);
  const [pickDay, raceDay, twoBedDay, chosenDay, classDay, moveFrom, moveTo, closed] = days as string[] as [
    string, string, string, string, string, string, string, string,
  ];

  beforeAll(async () => {
    h = await SalonHarness.start('allocation');
    salon = await h.salon('salon-allocation');
    chair = await h.resource(salon.businessId, 'chair', 'Chair 1');
    beds = [await h.resource(salon.businessId, 'spa_bed', 'Bed 1'), await h.resource(salon.businessId, 'spa_bed', 'Bed 2')];
    studio = await h.resource(salon.businessId, 'studio', 'Studio', 8);
    cut = await h.service(salon.businessId, { name: 'Cut', staffIds: salon.stylists, kinds: ['chair'] });
    spa = await h.service(salon.businessId, { name: 'Head spa', staffIds: salon.stylists, kinds: ['spa_bed'] });
    instructor = await h.staff(salon.businessId, 'yui');
    yoga = await h.service(salon.businessId, { name: 'Yoga', staffIds: [instructor], kinds: ['studio'], capacity: 8 });
    await h.catalog.call('createClosure', { businessId: salon.businessId, fromDate: closed, toDate: closed, reason: '研修', opens: '', closes: '' });
  });

  afterAll(async () => {
    await h?.stop();
  });

  afterEach(async () => {
    expect(await h.overlaps()).toBe(0);
  });

  it('When a customer books without naming a stylist, then a free stylist and the chair are allocated exclusively', async () => {
    const booking = await h.book(salon.businessId, cut, at(pickDay, '10:00'));
    expect(salon.stylists).toContain(booking.staffId);
    expect(booking.resourceIds).toEqual([chair]);
    expect(await h.allocations(booking.id)).toEqual(
      [
        { kind: 'resource', subject: chair, exclusive: true },
        { kind: 'service', subject: cut, exclusive: false },
        { kind: 'staff', subject: booking.staffId, exclusive: true },
      ],
    );
    // The chair is the bottleneck: the other stylist is free, but nobody can sit down.
    await expect(h.book(salon.businessId, cut, at(pickDay, '10:00'))).rejects.toMatchObject({ code: 'BOOKING.SLOT_TAKEN', kind: 'conflict' });
  });

  it('When the time is at lunch, on a closure or on a holiday, then the booking is refused as unavailable (422)', async () => {
    for (const startsAt of [at(pickDay, '13:00'), at(pickDay, '12:30'), at(closed, '10:00'), at(holiday, '10:00'), at(pickDay, '09:00')]) {
      await expect(h.book(salon.businessId, cut, startsAt)).rejects.toMatchObject({
        code: 'BOOKING.SLOT_UNAVAILABLE',
        kind: 'unprocessable',
        fields: [expect.objectContaining({ pointer: '/starts_at' })],
      });
    }
  });

  it('When two customers race for the last chair, then one is booked and the other gets SLOT_TAKEN', async () => {
    const results = await Promise.allSettled([1, 2].map(() => h.book(salon.businessId, cut, at(raceDay, '14:00'))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'BOOKING.SLOT_TAKEN' } });
  });

  it('When two customers race for a slot with two stylists and two beds, then both are booked with different stylists and beds', async () => {
    for (let round = 0; round < 3; round++) {
      const time = ['10:00', '11:00', '14:00'][round]!;
      const [a, b] = await Promise.all([1, 2].map(() => h.book(salon.businessId, spa, at(twoBedDay, time))));
      expect(new Set([a!.staffId, b!.staffId])).toEqual(new Set(salon.stylists));
      expect(new Set([...a!.resourceIds, ...b!.resourceIds])).toEqual(new Set(beds));
      expect(await h.times(salon.businessId, spa, twoBedDay)).not.toContain(time);
    }
  });

  it('When a customer names a stylist, then that stylist is booked; someone who does not do the service is refused', async () => {
    const [aoi, ren] = salon.stylists as [string, string];
    const booking = await h.book(salon.businessId, spa, at(chosenDay, '10:00'), { staffId: ren });
    expect(booking.staffId).toBe(ren);
    expect(await h.times(salon.businessId, spa, chosenDay, { staffId: ren })).not.toContain('10:00');
    expect(await h.times(salon.businessId, spa, chosenDay, { staffId: aoi })).toContain('10:00');
    await expect(h.book(salon.businessId, spa, at(chosenDay, '11:00'), { staffId: instructor })).rejects.toMatchObject({
      code: 'BOOKING.STAFF_NOT_FOUND',
      fields: [expect.objectContaining({ pointer: '/staff_id' })],
    });
    // Ren is taken at 10:00 now: naming him again is refused, though Aoi and a bed are free.
    await expect(h.book(salon.businessId, spa, at(chosenDay, '10:00'), { staffId: ren })).rejects.toMatchObject({ code: 'BOOKING.SLOT_TAKEN' });
  });

  it('When guests join a class of 8, then the seats left go down, and they share its instructor and studio', async () => {
    const seats = async () => (await h.availability(salon.businessId, yoga, classDay)).slots.find((s) => s.startsAt === at(classDay, '10:00'))?.remaining;
    expect(await seats()).toBe(8);
    const first = await h.book(salon.businessId, yoga, at(classDay, '10:00'), { partySize: 3 });
    expect(await seats()).toBe(5);
    const second = await h.book(salon.businessId, yoga, at(classDay, '10:00'), { partySize: 2 });
    expect(await seats()).toBe(3);
    expect([first.staffId, second.staffId]).toEqual([instructor, instructor]);
    expect([first.resourceIds, second.resourceIds]).toEqual([[studio], [studio]]);
    // The session's first guest holds instructor and studio for the exclusion constraint; the others share them.
    expect((await h.allocations(second.id)).filter((a) => a.kind !== 'service').every((a) => !a.exclusive)).toBe(true);
    await expect(h.book(salon.businessId, yoga, at(classDay, '10:00'), { partySize: 4 })).rejects.toMatchObject({ code: 'BOOKING.CAPACITY_EXCEEDED' });
    // A session at another time needs the same instructor: refused while she teaches, as the engine says.
    await expect(h.book(salon.businessId, yoga, at(classDay, '10:30'))).rejects.toMatchObject({ code: 'BOOKING.SLOT_TAKEN' });

    await h.booking.call('cancelBooking', { businessId: salon.businessId, bookingId: first.id, actor: OWNER, reason: '', expectedStatus: '' });
    expect(await seats()).toBe(6);
    // The remaining guest took over the session's hold, so the instructor is still guarded.
    expect((await h.allocations(second.id)).filter((a) => a.kind !== 'service').every((a) => a.exclusive)).toBe(true);
  });

  it('When a booking moves, then it is judged like a new one and takes its stylist and chair at the new time', async () => {
    const [aoi] = salon.stylists as [string, string];
    const booking = await h.book(salon.businessId, cut, at(moveFrom, '10:00'), { staffId: aoi });
    const move = (startsAt: string) => h.booking.call('rescheduleBooking', { businessId: salon.businessId, bookingId: booking.id, actor: OWNER, startsAt });
    await expect(move(at(moveTo, '13:00'))).rejects.toMatchObject({ code: 'BOOKING.SLOT_UNAVAILABLE' });
    const other = await h.book(salon.businessId, cut, at(moveTo, '15:00'));
    await expect(move(at(moveTo, '15:00'))).rejects.toMatchObject({ code: 'BOOKING.SLOT_TAKEN' });
    const { booking: moved } = await move(at(moveTo, '11:00'));
    expect(moved).toMatchObject({ staffId: aoi, resourceIds: [chair], startsAt: tokyoClock(at(moveTo, '11:00')) });
    expect(await h.times(salon.businessId, cut, moveFrom)).toContain('10:00');
    expect(await h.times(salon.businessId, cut, moveTo)).not.toContain('11:00');
    // Moving by half an hour overlaps its own old time: it does not compete with itself.
    const { booking: nudged } = await move(at(moveTo, '11:30'));
    expect(nudged?.startsAt).toBe(tokyoClock(at(moveTo, '11:30')));
    expect(other.resourceIds).toEqual([chair]);
  });
});

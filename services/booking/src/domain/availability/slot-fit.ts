import type { AvailabilityPlan } from './availability-plan';
import type { AvailableSlot } from './availability.types';
import type { Busy, Calendars } from './subject-calendars';

/** A candidate slot: the service's own time and the wider time its buffers occupy. */
export interface SlotWindow {
  start: number;
  end: number;
  busyFrom: number;
  busyTo: number;
}

export type SlotFit = Pick<AvailableSlot, 'staffIds' | 'resourceIds' | 'remaining'>;

/**
 * Who and what could take this slot, or null when it can't be booked: it needs a free performer
 * (when the service has staff), a free resource of every required kind, and seats for the party.
 */
export function fitSlot(calendars: Calendars, plan: AvailabilityPlan, window: SlotWindow): SlotFit | null {
  const blocks = blocksWindow(plan, window);
  const staffIds: string[] = [];
  for (const person of calendars.staff) {
    if (person.working.covers(window.busyFrom, window.busyTo) && !person.busy.some(window.busyFrom, window.busyTo, blocks)) staffIds.push(person.id);
  }
  if (calendars.needsStaff && staffIds.length === 0) return null;

  const resourceIds: string[] = [];
  let fewestOfAKind = Infinity;
  for (const ofKind of calendars.resourcesByKind) {
    const free = ofKind.filter((r) => !r.busy.some(window.busyFrom, window.busyTo, blocks));
    if (free.length === 0) return null;
    fewestOfAKind = Math.min(fewestOfAKind, free.length);
    for (const r of free) resourceIds.push(r.id);
  }

  if (plan.capacity > 1) {
    const taken = calendars.service.overlapping(window.start, window.end).reduce((sum, a) => sum + a.seats, 0);
    const remaining = plan.capacity - taken;
    return remaining >= plan.partySize ? { staffIds, resourceIds, remaining } : null;
  }
  if (!calendars.needsStaff && calendars.resourcesByKind.length === 0) {
    // Nothing else limits it, so the service is its own single resource (the repository makes its allocation exclusive).
    return calendars.service.some(window.busyFrom, window.busyTo) ? null : { staffIds, resourceIds, remaining: 1 };
  }
  // How many more bookings fit at this start: free people, unless a resource kind is scarcer.
  return { staffIds, resourceIds, remaining: Math.min(calendars.needsStaff ? staffIds.length : Infinity, fewestOfAKind) };
}

/** Every overlapping allocation blocks, except a capacity service's own session at exactly this time: the new guest joins it. */
function blocksWindow(plan: AvailabilityPlan, window: SlotWindow): (busy: Busy) => boolean {
  if (plan.capacity === 1) return () => true;
  return (busy) => !(busy.serviceId === plan.serviceId && busy.start === window.busyFrom && busy.end === window.busyTo);
}

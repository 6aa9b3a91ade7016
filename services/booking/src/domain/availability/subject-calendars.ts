import { toEpoch, type AvailabilityPlan } from './availability-plan';
import type { Allocation, AvailabilityInput, AvailabilityStaff } from './availability.types';
import type { LocalDay } from './local-days';
import { weekByDay } from './opening-hours';
import { SpanIndex, SpanSet, type Span } from './span-index';

/** Time a subject is taken; `serviceId` marks a session of a capacity service that later guests may join. */
export interface Busy extends Span {
  serviceId?: string;
  seats: number;
}

export interface StaffCalendar {
  id: string;
  working: SpanSet;
  busy: SpanIndex<Busy>;
}

export interface ResourceCalendar {
  id: string;
  busy: SpanIndex<Busy>;
}

/** Everything the slot check needs, indexed once per query. */
export interface Calendars {
  /** The service has performers: a slot needs one of them free. */
  needsStaff: boolean;
  /** The performers still in question (only the chosen one when the customer chose). */
  staff: StaffCalendar[];
  /** Per required kind, the resources of that kind big enough for the party. */
  resourcesByKind: ResourceCalendar[][];
  /** This service's own allocations: seats of a capacity service, or the service itself when it is its only resource. */
  service: SpanIndex<Busy>;
}

/** `days`: the plan's schedule dates, which reach far enough around the query for any buffer. */
export function buildCalendars(input: AvailabilityInput, plan: AvailabilityPlan, days: LocalDay[]): Calendars {
  const allocations = groupBySubject(input.allocations);
  const busy = (kind: Allocation['subjectKind'], id: string, extra: Busy[] = []) =>
    new SpanIndex([...(allocations.get(`${kind}\u0000${id}`) ?? []), ...extra]);

  const people = new Map(input.staff.map((person) => [person.id, person]));
  const staff = input.service.staffIds
    .filter((id, i, ids) => ids.indexOf(id) === i && (!plan.staffId || id === plan.staffId))
    .flatMap((id) => {
      const person = people.get(id);
      if (!person) return []; // no schedule known: never offered
      const timeOff = person.timeOff.map((t) => ({ start: toEpoch(t.startsAt, 'timeOff.startsAt'), end: toEpoch(t.endsAt, 'timeOff.endsAt'), seats: 0 }));
      return [{ id, working: workingTime(person, days), busy: busy('staff', id, timeOff) }];
    });

  const kinds = [...new Set(input.service.requiredResourceKinds)];
  const resourcesByKind = kinds.map((kind) =>
    input.resources
      .filter((r) => r.kind === kind && r.capacity >= plan.partySize)
      .map((r) => ({ id: r.id, busy: busy('resource', r.id) })),
  );

  return { needsStaff: input.service.staffIds.length > 0, staff, resourcesByKind, service: serviceAllocations(allocations.get(`service\u0000${plan.serviceId}`) ?? [], plan) };
}

/** The person's working time over the days around the query as instants; an empty week follows the business's hours. */
function workingTime(person: AvailabilityStaff, days: LocalDay[]): SpanSet {
  const week = person.weekly.length ? weekByDay(person.weekly) : undefined;
  const spans: Span[] = [];
  for (const { clock, weekday, open } of days) {
    for (const { opens, closes } of week ? week[weekday] : open) spans.push({ start: clock.firstAtOrAfter(opens), end: clock.firstAtOrAfter(closes) });
  }
  return new SpanSet(spans);
}

/**
 * Seats are taken by guests during the service, not during its buffers, so a capacity service's
 * allocations are narrowed by its buffers (the same booked-time overlap the repository's seat count uses).
 */
function serviceAllocations(own: Busy[], plan: AvailabilityPlan): SpanIndex<Busy> {
  if (plan.capacity === 1) return new SpanIndex(own);
  return new SpanIndex(own.map((a) => {
    const start = a.start + plan.bufferBeforeMs;
    const end = a.end - plan.bufferAfterMs;
    return end > start ? { ...a, start, end } : a;
  }));
}

function groupBySubject(allocations: Allocation[]): Map<string, Busy[]> {
  const groups = new Map<string, Busy[]>();
  for (const a of allocations) {
    const key = `${a.subjectKind}\u0000${a.subjectId}`;
    const busy: Busy = { start: toEpoch(a.startsAt, 'allocation.startsAt'), end: toEpoch(a.endsAt, 'allocation.endsAt'), seats: a.seats, serviceId: a.serviceId };
    const group = groups.get(key);
    if (group) group.push(busy);
    else groups.set(key, [busy]);
  }
  return groups;
}

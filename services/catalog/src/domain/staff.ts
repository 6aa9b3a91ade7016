import { changedFields, definedOnly, FieldCheck, rules, STAFF_ROLES } from './catalog-rules';
import { checkWeekly, type WeeklyInterval } from './hours';

export type StaffRole = (typeof STAFF_ROLES)[number];

/** A span away from work, RFC 3339 with offset; it may cover part of a day or several days. */
export interface TimeOff {
  startsAt: string;
  endsAt: string;
  reason: string;
}

/** A person's assignment to one business (the person's account lives in the gateway's identity schema). */
export interface NewStaff {
  businessId: string;
  userId: string | null;
  email: string;
  displayName: string;
  role: StaffRole;
  isActive: boolean;
  serviceIds: string[];
  /** Empty: the person works the business's hours. */
  schedule: WeeklyInterval[];
  timeOff: TimeOff[];
}

export interface Staff extends NewStaff {
  id: string;
  terminatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type StaffPatch = Partial<Omit<NewStaff, 'businessId'>>;

const MAX_TIME_OFF = 200;

export function normalizeNewStaff(input: NewStaff): NewStaff {
  return checkStaff(tidy({ ...input, role: (input.role || 'staff') as StaffRole }));
}

export function applyStaffPatch(current: Staff, patch: StaffPatch): { staff: NewStaff; changed: string[] } {
  const staff = checkStaff(tidy({ ...current, ...definedOnly(patch) }));
  const fields = ['userId', 'email', 'displayName', 'role', 'isActive', 'serviceIds', 'schedule', 'timeOff'];
  return { staff, changed: changedFields(current, staff, fields) };
}

function tidy(staff: NewStaff): NewStaff {
  return {
    ...staff,
    userId: staff.userId ? staff.userId.toLowerCase() : null,
    email: staff.email.trim(),
    displayName: staff.displayName.trim(),
    serviceIds: [...new Set(staff.serviceIds.map((id) => id.toLowerCase()))],
    timeOff: staff.timeOff.map((t) => ({ ...t, reason: t.reason.trim() })),
  };
}

function checkStaff(staff: NewStaff): NewStaff {
  const check = new FieldCheck()
    .require(staff.userId === null || rules.uuid(staff.userId), '/user_id', 'must be a UUID')
    .require(rules.email(staff.email), '/email', 'must be an email address')
    .require(staff.displayName.length > 0 && rules.maxLength(staff.displayName, 200), '/display_name', 'must be 1–200 characters')
    .require(rules.oneOf(STAFF_ROLES, staff.role), '/role', 'must be owner, manager or staff')
    .require(staff.serviceIds.length <= 500, '/service_ids', 'must have at most 500 ids')
    .require(staff.timeOff.length <= MAX_TIME_OFF, '/time_off', `must have at most ${MAX_TIME_OFF} entries`);
  staff.serviceIds.forEach((id, i) => check.require(rules.uuid(id), `/service_ids/${i}`, 'must be a UUID'));
  const schedule = checkWeekly(check, staff.schedule, '/schedule/weekly');
  staff.timeOff.forEach((timeOff, i) => {
    const startsOk = rules.instant(timeOff.startsAt);
    const endsOk = rules.instant(timeOff.endsAt);
    check.require(startsOk, `/time_off/${i}/starts_at`, 'must be an RFC 3339 time with an offset');
    check.require(endsOk, `/time_off/${i}/ends_at`, 'must be an RFC 3339 time with an offset');
    if (startsOk && endsOk) check.require(Date.parse(timeOff.endsAt) > Date.parse(timeOff.startsAt), `/time_off/${i}/ends_at`, 'must be after starts_at');
    check.require(rules.maxLength(timeOff.reason, 500), `/time_off/${i}/reason`, 'must be at most 500 characters');
  });
  check.throwIfAny();
  const timeOff = staff.timeOff
    .map((t) => ({ ...t, startsAt: new Date(t.startsAt).toISOString(), endsAt: new Date(t.endsAt).toISOString() }))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return { ...staff, schedule, timeOff };
}

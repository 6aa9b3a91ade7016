import type { catalogV1 } from '@omotenashi/proto';
import { toWeekly, toWeeklyJson } from './hours.mappers';
import type { CreateStaffBody, StaffJson, TimeOffJson, UpdateStaffBody } from './staff.schemas';

const toTimeOff = (entries: TimeOffJson[]): catalogV1.TimeOff[] =>
  entries.map((entry) => ({ startsAt: entry.starts_at, endsAt: entry.ends_at, reason: entry.reason ?? '' }));

export function toCreateStaffRequest(businessId: string, body: CreateStaffBody): catalogV1.CreateStaffRequest {
  return {
    businessId,
    userId: body.user_id ?? '',
    email: body.email,
    displayName: body.display_name,
    role: body.role,
    isActive: body.is_active,
    serviceIds: body.service_ids ?? [],
    schedule: toWeekly(body.schedule?.weekly ?? []),
    timeOff: toTimeOff(body.time_off ?? []),
  };
}

export function toUpdateStaffRequest(businessId: string, staffId: string, body: UpdateStaffBody): catalogV1.UpdateStaffRequest {
  return {
    businessId,
    staffId,
    // null clears the link to an account; absent leaves it.
    userId: body.user_id === undefined ? undefined : (body.user_id ?? ''),
    email: body.email,
    displayName: body.display_name,
    role: body.role,
    isActive: body.is_active,
    serviceIds: body.service_ids && { values: body.service_ids },
    schedule: body.schedule && { weekly: toWeekly(body.schedule.weekly) },
    timeOff: body.time_off && { values: toTimeOff(body.time_off) },
  };
}

export function toStaffResponse(staff: catalogV1.Staff): StaffJson {
  return {
    id: staff.id,
    business_id: staff.businessId,
    user_id: staff.userId || null,
    email: staff.email,
    display_name: staff.displayName,
    role: staff.role,
    is_active: staff.isActive,
    service_ids: staff.serviceIds,
    schedule: { weekly: toWeeklyJson(staff.schedule) },
    time_off: staff.timeOff.map((t) => ({ starts_at: t.startsAt, ends_at: t.endsAt, reason: t.reason })),
    created_at: staff.createdAt,
    updated_at: staff.updatedAt,
  };
}

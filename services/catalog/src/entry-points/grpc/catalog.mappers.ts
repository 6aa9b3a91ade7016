import type { catalogV1 } from '@omotenashi/proto';
import type { Address, Business, BusinessInput, BusinessSettings } from '../../domain/business';
import type { Holiday } from '../../domain/holidays';
import type { BusinessHours, Closure, WeeklyInterval } from '../../domain/hours';
import type { Resource } from '../../domain/resource';
import type { Service } from '../../domain/service';
import type { Staff, TimeOff } from '../../domain/staff';

// ---------------------------------------------------------------- requests → domain

export function toBusinessInput(request: Omit<catalogV1.CreateBusinessRequest, 'ownerUserId'> | catalogV1.UpdateBusinessRequest): BusinessInput {
  return {
    slug: request.slug,
    displayNameJa: request.displayNameJa,
    displayNameEn: request.displayNameEn,
    descriptionJa: request.descriptionJa,
    descriptionEn: request.descriptionEn,
    category: request.category,
    timezone: request.timezone,
    currency: request.currency,
    policy: request.policy && { ...request.policy },
    settings: request.settings && toSettings(request.settings),
    address: request.address && toAddress(request.address),
  };
}

function toSettings(settings: catalogV1.BusinessSettings): Partial<BusinessSettings> {
  return { ...settings };
}

function toAddress(address: catalogV1.Address): Address {
  return { ...address };
}

export function toWeekly(intervals: catalogV1.WeeklyInterval[]): WeeklyInterval[] {
  return intervals.map(({ weekday, opens, closes }) => ({ weekday, opens, closes }));
}

export function toTimeOff(entries: catalogV1.TimeOff[]): TimeOff[] {
  return entries.map(({ startsAt, endsAt, reason }) => ({ startsAt, endsAt, reason }));
}

// ---------------------------------------------------------------- domain → responses

export function businessToResponse(business: Business): catalogV1.Business {
  return {
    id: business.id,
    slug: business.slug,
    displayNameJa: business.displayNameJa,
    displayNameEn: business.displayNameEn,
    descriptionJa: business.descriptionJa,
    descriptionEn: business.descriptionEn,
    category: business.category,
    timezone: business.timezone,
    currency: business.currency,
    policy: { ...business.policy },
    settings: { ...business.settings },
    address: { ...business.address },
    ownerUserId: business.ownerUserId ?? '',
    createdAt: business.createdAt.toISOString(),
    updatedAt: business.updatedAt.toISOString(),
  };
}

export function serviceToResponse(service: Service): catalogV1.Service {
  return {
    id: service.id,
    businessId: service.businessId,
    nameJa: service.nameJa,
    nameEn: service.nameEn,
    descriptionJa: service.descriptionJa,
    descriptionEn: service.descriptionEn,
    category: service.category,
    durationMinutes: service.durationMinutes,
    bufferBeforeMinutes: service.bufferBeforeMinutes,
    bufferAfterMinutes: service.bufferAfterMinutes,
    price: { amount: service.priceAmount, currency: service.currency },
    capacity: service.capacity,
    prepayment: service.prepayment,
    depositAmount: service.depositAmount,
    resourceKinds: service.resourceKinds,
    staffIds: service.staffIds,
    isActive: service.isActive,
    createdAt: service.createdAt.toISOString(),
    updatedAt: service.updatedAt.toISOString(),
  };
}

export function hoursToResponse(hours: BusinessHours): catalogV1.BusinessHours {
  return { weekly: hours.weekly.map((i) => ({ ...i })), closedOnNationalHolidays: hours.closedOnNationalHolidays };
}

export function closureToResponse(closure: Closure): catalogV1.Closure {
  return {
    id: closure.id,
    businessId: closure.businessId,
    fromDate: closure.fromDate,
    toDate: closure.toDate,
    reason: closure.reason,
    opens: closure.opens ?? '',
    closes: closure.closes ?? '',
    createdAt: closure.createdAt.toISOString(),
  };
}

export function resourceToResponse(resource: Resource): catalogV1.Resource {
  return {
    id: resource.id,
    businessId: resource.businessId,
    kind: resource.kind,
    nameJa: resource.nameJa,
    nameEn: resource.nameEn,
    capacity: resource.capacity,
    isActive: resource.isActive,
    createdAt: resource.createdAt.toISOString(),
    updatedAt: resource.updatedAt.toISOString(),
  };
}

export function staffToResponse(staff: Staff): catalogV1.Staff {
  return {
    id: staff.id,
    businessId: staff.businessId,
    userId: staff.userId ?? '',
    email: staff.email,
    displayName: staff.displayName,
    role: staff.role,
    isActive: staff.isActive,
    terminatedAt: staff.terminatedAt?.toISOString() ?? '',
    serviceIds: staff.serviceIds,
    schedule: staff.schedule.map((i) => ({ ...i })),
    timeOff: staff.timeOff.map((t) => ({ ...t })),
    createdAt: staff.createdAt.toISOString(),
    updatedAt: staff.updatedAt.toISOString(),
  };
}

export function holidayToResponse(holiday: Holiday): catalogV1.Holiday {
  return { date: holiday.date, nameJa: holiday.nameJa, nameEn: holiday.nameEn };
}

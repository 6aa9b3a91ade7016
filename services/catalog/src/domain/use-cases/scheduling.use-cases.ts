import type { Business } from '../business';
import { CatalogErrors } from '../catalog.errors';
import { addDays, daysBetween, FieldCheck, isIsoDate } from '../catalog-rules';
import { japaneseHolidaysBetween, type Holiday } from '../holidays';
import type { BusinessHours, Closure } from '../hours';
import type { Resource } from '../resource';
import type { Service } from '../service';
import type { Staff } from '../staff';
import { requireBusiness, type CatalogDeps } from './catalog.use-cases';

export const MAX_SCHEDULING_DAYS = 92;
/** Local dates become instants only in the engine; ±14 h covers every UTC offset there is. */
const ZONE_SLACK_MS = 14 * 3_600_000;

export interface SchedulingData {
  business: Business;
  service: Service;
  hours: BusinessHours;
  closures: Closure[];
  holidays: Holiday[];
  staff: Staff[];
  resources: Resource[];
}

export interface SchedulingRequest {
  businessId: string;
  serviceId: string;
  fromDate: string;
  toDate: string;
}

/** The same for every service of the business at once: who performs what is in Staff.serviceIds. */
export interface BusinessSchedulingData extends Omit<SchedulingData, 'service'> {
  services: Service[];
}

/** The instants any local date of fromDate…toDate can touch, whatever the zone. */
function instantWindow(fromDate: string, toDate: string): [Date, Date] {
  return [new Date(Date.parse(`${fromDate}T00:00:00Z`) - ZONE_SLACK_MS), new Date(Date.parse(`${addDays(toDate, 1)}T00:00:00Z`) + ZONE_SLACK_MS)];
}

/** One call gives the availability engine everything it needs about a business and one service (or all of them). */
export class SchedulingUseCases {
  constructor(private readonly deps: CatalogDeps) {}

  /**
   * Every service of the business with every active person and resource, for a caller that keeps one
   * answer for all of them (the booking server's calendar memory): one call instead of one per service.
   */
  async getWholeBusiness(request: Omit<SchedulingRequest, 'serviceId'>): Promise<BusinessSchedulingData> {
    checkRange(request.fromDate, request.toDate);
    const { businessId, fromDate, toDate } = request;
    const [windowStart, windowEnd] = instantWindow(fromDate, toDate);
    const [business, services, hours, resources, closures, staff] = await Promise.all([
      requireBusiness(this.deps, businessId),
      this.deps.reads.services(businessId),
      this.deps.reads.hours(businessId),
      this.deps.reads.resources(businessId),
      this.deps.hours.closures(businessId, fromDate, toDate),
      this.deps.staff.active(businessId, windowStart, windowEnd),
    ]);
    if (!hours) throw CatalogErrors.businessNotFound();
    return {
      business,
      services,
      hours,
      closures,
      holidays: hours.closedOnNationalHolidays ? japaneseHolidaysBetween(fromDate, toDate) : [],
      staff,
      resources: resources.filter((r) => r.isActive),
    };
  }

  async get(request: SchedulingRequest): Promise<SchedulingData> {
    checkRange(request.fromDate, request.toDate);
    const { businessId, serviceId, fromDate, toDate } = request;
    const [windowStart, windowEnd] = instantWindow(fromDate, toDate);
    // Every read at once (one Redis round trip, one database round trip on two connections): each is
    // scoped to this business, so nothing of another tenant is read, and unknown ids are refused below.
    const [business, service, hours, resources, closures, staff] = await Promise.all([
      requireBusiness(this.deps, businessId),
      this.deps.reads.service(businessId, serviceId),
      this.deps.reads.hours(businessId),
      this.deps.reads.resources(businessId),
      this.deps.hours.closures(businessId, fromDate, toDate),
      this.deps.staff.eligible(businessId, serviceId, windowStart, windowEnd),
    ]);
    if (!service) throw CatalogErrors.serviceNotFound();
    if (!hours) throw CatalogErrors.businessNotFound();
    return {
      business,
      service,
      hours,
      closures,
      holidays: hours.closedOnNationalHolidays ? japaneseHolidaysBetween(fromDate, toDate) : [],
      staff,
      resources: resources.filter((r) => r.isActive && service.resourceKinds.includes(r.kind)),
    };
  }
}

function checkRange(fromDate: string, toDate: string): void {
  const check = new FieldCheck()
    .require(isIsoDate(fromDate), '/from_date', 'must be a date YYYY-MM-DD')
    .require(isIsoDate(toDate), '/to_date', 'must be a date YYYY-MM-DD');
  if (!check.failed) {
    const days = daysBetween(fromDate, toDate);
    check.require(days >= 0, '/to_date', 'must be on or after from_date');
    check.require(days < MAX_SCHEDULING_DAYS, '/to_date', `the range spans at most ${MAX_SCHEDULING_DAYS} days`);
  }
  check.throwIfAny();
}

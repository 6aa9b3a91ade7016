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
    const [windowStart, windowEnd] = checkRange(request.fromDate, request.toDate);
    const [calendar, services, staff] = await Promise.all([
      this.calendar(request),
      this.deps.reads.services(request.businessId),
      this.deps.staff.active(request.businessId, windowStart, windowEnd),
    ]);
    return { ...calendar, services, staff, resources: calendar.resources.filter((r) => r.isActive) };
  }

  async get(request: SchedulingRequest): Promise<SchedulingData> {
    const [windowStart, windowEnd] = checkRange(request.fromDate, request.toDate);
    const { businessId, serviceId } = request;
    // Every read at once (one Redis round trip, one database round trip on two connections): each is
    // scoped to this business, so nothing of another tenant is read, and unknown ids are refused below.
    const [calendar, service, staff] = await Promise.all([
      this.calendar(request),
      this.deps.reads.service(businessId, serviceId),
      this.deps.staff.eligible(businessId, serviceId, windowStart, windowEnd),
    ]);
    if (!service) throw CatalogErrors.serviceNotFound();
    return { ...calendar, service, staff, resources: calendar.resources.filter((r) => r.isActive && service.resourceKinds.includes(r.kind)) };
  }

  /** What every answer carries whatever the service: the business, its hours, closures, holidays and resources. */
  private async calendar({ businessId, fromDate, toDate }: Omit<SchedulingRequest, 'serviceId'>) {
    const [business, hours, resources, closures] = await Promise.all([
      requireBusiness(this.deps, businessId),
      this.deps.reads.hours(businessId),
      this.deps.reads.resources(businessId),
      this.deps.hours.closures(businessId, fromDate, toDate),
    ]);
    if (!hours) throw CatalogErrors.businessNotFound();
    const holidays = hours.closedOnNationalHolidays ? japaneseHolidaysBetween(fromDate, toDate) : [];
    return { business, hours, closures, holidays, resources };
  }
}

/** Checks the range; answers the instants any of its local dates can touch, whatever the zone. */
function checkRange(fromDate: string, toDate: string): [Date, Date] {
  const check = new FieldCheck()
    .require(isIsoDate(fromDate), '/from_date', 'must be a date YYYY-MM-DD')
    .require(isIsoDate(toDate), '/to_date', 'must be a date YYYY-MM-DD');
  if (!check.failed) {
    const days = daysBetween(fromDate, toDate);
    check.require(days >= 0, '/to_date', 'must be on or after from_date');
    check.require(days < MAX_SCHEDULING_DAYS, '/to_date', `the range spans at most ${MAX_SCHEDULING_DAYS} days`);
  }
  check.throwIfAny();
  return instantWindow(fromDate, toDate);
}

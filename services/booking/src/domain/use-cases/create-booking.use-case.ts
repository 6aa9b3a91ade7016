import type { BookingRepository } from '../../data-access/booking.repository';
import { datesAffectedBy, type AvailabilityCache } from '../availability-cache';
import { toLocal } from '../availability/zoned-time';
import { checkBookingRequest, checkBookingWindow, initialStatus, type Booking, type BookingRequest } from '../booking';
import { snapshotPolicy } from '../booking-policy';
import { BookingErrors } from '../booking.errors';
import { newManageToken } from '../manage-token';
import { availabilityInput, isStandalone } from '../scheduling';
import { chooseSubjects } from '../slot-choice';
import { performs, readAllocations, readSchedulingAround, writeWithFreshPick, type SchedulingDeps } from './scheduling-context';

const MINUTE = 60_000;

export interface CreateBookingDeps extends SchedulingDeps {
  repository: BookingRepository;
  availability: AvailabilityCache;
  holdTtlSeconds: number;
  now?: () => Date;
}

export interface CreatedBooking {
  booking: Booking;
  /** The guest's manage token, in this answer only (the service keeps its hash). */
  manageToken: string;
}

/**
 * Book a service: check the request, read the business, service, hours, staff and resources from the
 * catalog, apply the business's policy, let the availability engine judge the slot and pick a free
 * performer and one resource per required kind, then write booking + allocations + event in one
 * transaction. The database, not this code, has the last word on overlaps; losing that race once
 * earns one fresh pick. Once the booking is committed, the cached availability of the dates it can
 * touch is forgotten.
 */
export async function createBooking(
  deps: CreateBookingDeps,
  request: BookingRequest,
  alsoInTransaction?: Parameters<BookingRepository['create']>[1],
): Promise<CreatedBooking> {
  const { startsAt } = checkBookingRequest(request);
  const data = await readSchedulingAround(deps, request.businessId, request.serviceId, startsAt);
  const { business, service } = data;
  if (!service.isActive) throw BookingErrors.serviceInactive();

  const now = deps.now?.() ?? new Date();
  const policy = business.policy ?? {};
  checkBookingWindow(startsAt, now, policy);
  if (request.partySize > service.capacity) throw BookingErrors.partyTooLarge(service.capacity);
  if (request.staffId && !performs(data, request.staffId)) throw BookingErrors.staffUnknown();

  const endsAt = new Date(startsAt.getTime() + service.durationMinutes * MINUTE);
  // The zone's cached formatter (zoned-time.ts), not a new Intl.DateTimeFormat per booking.
  const bookingDate = toLocal(startsAt.getTime(), business.timezone).date;
  const status = initialStatus(policy.requiresApproval ?? false, service.prepayment);
  const priceAmount = (service.price?.amount ?? 0) * request.partySize;
  const currency = service.price?.currency || business.currency;
  const { token, hash } = newManageToken();
  const choose = async () => {
    const allocations = await readAllocations(deps, data, bookingDate, bookingDate);
    const query = { fromDate: bookingDate, days: 1, now, staffId: request.staffId || undefined, partySize: request.partySize };
    return chooseSubjects(availabilityInput(data, allocations, query), startsAt);
  };
  const write = (choice: Awaited<ReturnType<typeof choose>>) =>
    deps.repository.create({
      businessId: request.businessId,
      serviceId: service.id,
      customer: request.customer,
      status,
      startsAt,
      endsAt,
      bookingDate,
      partySize: request.partySize,
      priceAmount,
      currency,
      // What was agreed when booking: later changes to price or policy don't rewrite it.
      policySnapshot: snapshotPolicy(policy, {
        prepayment: service.prepayment,
        depositAmount: service.depositAmount,
        priceAmount,
        currency,
        timezone: business.timezone,
      }),
      manageTokenHash: hash,
      holdExpiresAt: status === 'held' ? new Date(now.getTime() + deps.holdTtlSeconds * 1000) : null,
      notes: request.notes,
      occupiedFrom: new Date(startsAt.getTime() - service.bufferBeforeMinutes * MINUTE),
      occupiedTo: new Date(endsAt.getTime() + service.bufferAfterMinutes * MINUTE),
      capacity: service.capacity,
      standalone: isStandalone(data),
      staffId: choice.staffId,
      resourceIds: choice.resourceIds,
      staffRequested: Boolean(request.staffId),
    }, alsoInTransaction);
  const booking = await writeWithFreshPick(choose, write, !isStandalone(data));
  await deps.availability.forgetDates(booking.businessId, datesAffectedBy(booking.bookingDate));
  return { booking, manageToken: token };
}

export async function getBooking(repository: BookingRepository, businessId: string, bookingId: string): Promise<Booking> {
  const booking = await repository.find(businessId, bookingId);
  if (!booking) throw BookingErrors.bookingNotFound();
  return booking;
}

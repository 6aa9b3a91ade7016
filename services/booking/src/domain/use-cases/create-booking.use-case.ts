import type { GrpcClient } from '@omotenashi/grpc';
import type { catalogV1 } from '@omotenashi/proto';
import type { BookingRepository } from '../../data-access/booking.repository';
import { checkBookingRequest, checkBookingWindow, initialStatus, localDate, type Booking, type BookingRequest } from '../booking';
import { snapshotPolicy } from '../booking-policy';
import { BookingErrors } from '../booking.errors';
import { newManageToken } from '../manage-token';

const MINUTE = 60_000;

export interface CreateBookingDeps {
  repository: BookingRepository;
  catalog: GrpcClient<catalogV1.CatalogServiceClient>;
  holdTtlSeconds: number;
  now?: () => Date;
}

export interface CreatedBooking {
  booking: Booking;
  /** The guest's manage token, in this answer only (the service keeps its hash). */
  manageToken: string;
}

/**
 * Book a service: check the request, read the service and its business from the catalog, apply the
 * business's policy, then write booking + allocation + event in one transaction (the database, not this
 * code, has the last word on overlaps).
 */
export async function createBooking(
  deps: CreateBookingDeps,
  request: BookingRequest,
  alsoInTransaction?: Parameters<BookingRepository['create']>[1],
): Promise<CreatedBooking> {
  const { startsAt } = checkBookingRequest(request);
  if (request.staffId) throw BookingErrors.staffUnknown(); // staff scheduling arrives with the catalog's staff

  const [{ service }, { business }] = await Promise.all([
    deps.catalog.call('getService', { businessId: request.businessId, serviceId: request.serviceId }),
    deps.catalog.call('getBusiness', { businessId: request.businessId }),
  ]);
  if (!service || !business) throw BookingErrors.bookingNotFound();
  if (!service.isActive) throw BookingErrors.serviceInactive();

  const now = deps.now?.() ?? new Date();
  const policy = business.policy ?? {};
  checkBookingWindow(startsAt, now, policy);
  if (request.partySize > service.capacity) throw BookingErrors.partyTooLarge(service.capacity);

  const endsAt = new Date(startsAt.getTime() + service.durationMinutes * MINUTE);
  const status = initialStatus(policy.requiresApproval ?? false, service.prepayment);
  const priceAmount = (service.price?.amount ?? 0) * request.partySize;
  const currency = service.price?.currency || business.currency;
  const { token, hash } = newManageToken();
  const booking = await deps.repository.create({
    businessId: request.businessId,
    serviceId: service.id,
    customer: request.customer,
    status,
    startsAt,
    endsAt,
    bookingDate: localDate(startsAt, business.timezone),
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
  }, alsoInTransaction);
  return { booking, manageToken: token };
}

export async function getBooking(repository: BookingRepository, businessId: string, bookingId: string): Promise<Booking> {
  const booking = await repository.find(businessId, bookingId);
  if (!booking) throw BookingErrors.bookingNotFound();
  return booking;
}

import type { GrpcClient } from '@omotenashi/grpc';
import type { catalogV1 } from '@omotenashi/proto';
import type { BookingRepository } from '../../data-access/booking.repository';
import { checkBookingRequest, initialStatus, localDate, type Booking, type BookingRequest } from '../booking';
import { BookingErrors } from '../booking.errors';

const MINUTE = 60_000;

export interface CreateBookingDeps {
  repository: BookingRepository;
  catalog: GrpcClient<catalogV1.CatalogServiceClient>;
  holdTtlSeconds: number;
  now?: () => Date;
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
): Promise<Booking> {
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
  const minNotice = policy.minNoticeMinutes ?? 0;
  const horizonDays = policy.bookingHorizonDays ?? 90;
  if (startsAt.getTime() < now.getTime() + minNotice * MINUTE) throw BookingErrors.tooSoon(minNotice);
  if (startsAt.getTime() > now.getTime() + horizonDays * 24 * 60 * MINUTE) throw BookingErrors.beyondHorizon(horizonDays);
  if (request.partySize > service.capacity) throw BookingErrors.partyTooLarge(service.capacity);

  const endsAt = new Date(startsAt.getTime() + service.durationMinutes * MINUTE);
  const status = initialStatus(policy.requiresApproval ?? false, service.prepayment);
  return deps.repository.create({
    businessId: request.businessId,
    serviceId: service.id,
    customer: request.customer,
    status,
    startsAt,
    endsAt,
    bookingDate: localDate(startsAt, business.timezone),
    partySize: request.partySize,
    priceAmount: (service.price?.amount ?? 0) * request.partySize,
    currency: service.price?.currency ?? business.currency,
    // What was agreed when booking: later changes to price or policy don't rewrite it.
    policySnapshot: { ...policy, prepayment: service.prepayment, depositAmount: service.depositAmount, timezone: business.timezone },
    holdExpiresAt: status === 'held' ? new Date(now.getTime() + deps.holdTtlSeconds * 1000) : null,
    notes: request.notes,
    occupiedFrom: new Date(startsAt.getTime() - service.bufferBeforeMinutes * MINUTE),
    occupiedTo: new Date(endsAt.getTime() + service.bufferAfterMinutes * MINUTE),
    capacity: service.capacity,
  }, alsoInTransaction);
}

export async function getBooking(repository: BookingRepository, businessId: string, bookingId: string): Promise<Booking> {
  const booking = await repository.find(businessId, bookingId);
  if (!booking) throw BookingErrors.bookingNotFound();
  return booking;
}

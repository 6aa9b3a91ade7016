import { requireUuid, unaryService } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { bookingV1 } from '@omotenashi/proto';
import type { Booking } from '../../domain/booking';
import { createBooking, getBooking, type CreateBookingDeps } from '../../domain/use-cases/create-booking.use-case';

export const BOOKING_SERVICE_NAME = 'omotenashi.booking.v1.BookingService';

export function bookingToResponse(booking: Booking): bookingV1.Booking {
  return {
    id: booking.id,
    businessId: booking.businessId,
    serviceId: booking.serviceId,
    customerId: booking.customerId,
    status: booking.status,
    startsAt: booking.startsAt.toISOString(),
    endsAt: booking.endsAt.toISOString(),
    bookingDate: booking.bookingDate,
    staffId: booking.staffId ?? '',
    resourceIds: booking.resourceIds,
    priceAmount: booking.priceAmount,
    currency: booking.currency,
    holdExpiresAt: booking.holdExpiresAt?.toISOString() ?? '',
    partySize: booking.partySize,
    notes: booking.notes,
    createdAt: booking.createdAt.toISOString(),
    updatedAt: booking.updatedAt.toISOString(),
  };
}

export function bookingGrpcService(deps: CreateBookingDeps, logger: Logger) {
  return {
    name: BOOKING_SERVICE_NAME,
    definition: bookingV1.BookingServiceService,
    implementation: unaryService<bookingV1.BookingServiceServer>(
      BOOKING_SERVICE_NAME,
      {
        createBooking: async (request) => ({
          booking: bookingToResponse(
            await createBooking(deps, {
              businessId: requireUuid(request.businessId, '/business_id'),
              serviceId: requireUuid(request.serviceId, '/service_id'),
              startsAt: request.startsAt,
              staffId: request.staffId,
              partySize: request.partySize || 1,
              customer: {
                name: request.customer?.name ?? '',
                email: request.customer?.email ?? '',
                phone: request.customer?.phone ?? '',
                locale: request.customer?.locale ?? '',
              },
              notes: request.notes,
            }),
          ),
        }),
        getBooking: async (request) => ({
          booking: bookingToResponse(
            await getBooking(deps.repository, requireUuid(request.businessId, '/business_id'), requireUuid(request.bookingId, '/booking_id')),
          ),
        }),
      },
      logger,
    ),
  };
}

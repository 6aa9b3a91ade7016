import { CommonErrors } from '@omotenashi/errors';
import { requireUuid, unaryService } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { bookingV1 } from '@omotenashi/proto';
import type { Booking } from '../../domain/booking';
import type { IdempotencyStore } from '../../data-access/idempotency.store';
import { createBookingOnce } from '../../domain/use-cases/create-booking-once.use-case';
import { getBooking, type CreateBookingDeps } from '../../domain/use-cases/create-booking.use-case';

/** Visible ASCII, at most 255 characters (IETF idempotency-key draft; Stripe's limit). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function idempotencyOf(key: string, scope: string) {
  if (!key) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw CommonErrors.validation([{ pointer: '/headers/idempotency-key', detail: 'must be 1–255 visible ASCII characters' }]);
  }
  return { key, scope: scope || 'anonymous' };
}

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

export function bookingGrpcService(deps: CreateBookingDeps & { idempotency: IdempotencyStore }, logger: Logger) {
  return {
    name: BOOKING_SERVICE_NAME,
    definition: bookingV1.BookingServiceService,
    implementation: unaryService<bookingV1.BookingServiceServer>(
      BOOKING_SERVICE_NAME,
      {
        createBooking: async (request) => ({
          booking: bookingToResponse(
            await createBookingOnce(deps, {
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
            }, idempotencyOf(request.idempotencyKey, request.idempotencyScope)),
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

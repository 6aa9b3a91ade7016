import { CommonErrors } from '@omotenashi/errors';
import { requireUuid, unaryService } from '@omotenashi/grpc';
import type { GrpcClient } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { bookingV1, type catalogV1 } from '@omotenashi/proto';
import type { BookingLifecycleRepository } from '../../data-access/booking-lifecycle.repository';
import type { IdempotencyStore } from '../../data-access/idempotency.store';
import type { AvailableSlot } from '../../domain/availability';
import { checkActor } from '../../domain/actor';
import type { Booking } from '../../domain/booking';
import { approveBooking } from '../../domain/use-cases/approve-booking.use-case';
import { cancelBooking } from '../../domain/use-cases/cancel-booking.use-case';
import { completeBooking } from '../../domain/use-cases/complete-booking.use-case';
import { confirmBooking } from '../../domain/use-cases/confirm-booking.use-case';
import { createBookingOnce } from '../../domain/use-cases/create-booking-once.use-case';
import type { CreateBookingDeps } from '../../domain/use-cases/create-booking.use-case';
import { getAvailability } from '../../domain/use-cases/get-availability.use-case';
import { listBookings } from '../../domain/use-cases/list-bookings.use-case';
import { markNoShow } from '../../domain/use-cases/mark-no-show.use-case';
import { readBooking } from '../../domain/use-cases/read-booking.use-case';
import { rescheduleBooking } from '../../domain/use-cases/reschedule-booking.use-case';
import { bookingToResponse, lifecycleRequest } from './booking.mappers';

export { bookingToResponse } from './booking.mappers';

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

export interface BookingGrpcDeps extends CreateBookingDeps {
  idempotency: IdempotencyStore;
  lifecycle: BookingLifecycleRepository;
  catalog: GrpcClient<catalogV1.CatalogServiceClient>;
}

const one = async (booking: Promise<Booking>) => ({ booking: bookingToResponse(await booking) });

const slotToResponse = (slot: AvailableSlot): bookingV1.AvailableSlot => ({
  startsAt: slot.startsAt,
  endsAt: slot.endsAt,
  staffIds: slot.staffIds,
  resourceIds: slot.resourceIds,
  remaining: slot.remaining,
});

export function bookingGrpcService(deps: BookingGrpcDeps, logger: Logger) {
  return {
    name: BOOKING_SERVICE_NAME,
    definition: bookingV1.BookingServiceService,
    implementation: unaryService<bookingV1.BookingServiceServer>(
      BOOKING_SERVICE_NAME,
      {
        createBooking: async (request) => {
          const created = await createBookingOnce(deps, {
            businessId: requireUuid(request.businessId, '/business_id'),
            serviceId: requireUuid(request.serviceId, '/service_id'),
            startsAt: request.startsAt,
            staffId: request.staffId ? requireUuid(request.staffId, '/staff_id') : '',
            partySize: request.partySize || 1,
            customer: {
              name: request.customer?.name ?? '',
              email: request.customer?.email ?? '',
              phone: request.customer?.phone ?? '',
              locale: request.customer?.locale ?? '',
            },
            notes: request.notes,
          }, idempotencyOf(request.idempotencyKey, request.idempotencyScope));
          return { booking: bookingToResponse(created.booking), manageToken: created.manageToken };
        },
        getBooking: (request) =>
          one(readBooking(deps, {
            businessId: requireUuid(request.businessId, '/business_id'),
            bookingId: requireUuid(request.bookingId, '/booking_id'),
            actor: request.actor,
          })),
        listBookings: async (request) => {
          const page = await listBookings(deps.repository, checkActor(request.actor), {
            businessId: requireUuid(request.businessId, '/business_id'),
            from: request.from,
            to: request.to,
            statuses: request.statuses,
            customerId: request.customerId,
            limit: request.limit,
            cursor: request.cursor,
          });
          return { bookings: page.bookings.map(bookingToResponse), nextCursor: page.nextCursor };
        },
        cancelBooking: async (request) => {
          const booking = await cancelBooking(deps, { ...lifecycleRequest(request), reason: request.reason, expectedStatus: request.expectedStatus });
          return {
            booking: bookingToResponse(booking),
            feeAmount: booking.cancellation?.feeAmount ?? 0,
            currency: booking.currency,
            refundAmount: booking.cancellation?.refundAmount ?? 0,
          };
        },
        rescheduleBooking: (request) => one(rescheduleBooking(deps, { ...lifecycleRequest(request), startsAt: request.startsAt })),
        approveBooking: (request) => one(approveBooking(deps, lifecycleRequest(request))),
        confirmBooking: (request) => one(confirmBooking(deps, { ...lifecycleRequest(request), paymentId: request.paymentId })),
        completeBooking: (request) => one(completeBooking(deps, lifecycleRequest(request))),
        markNoShow: (request) => one(markNoShow(deps, lifecycleRequest(request))),
        getAvailability: async (request) => {
          const slots = await getAvailability(deps, {
            businessId: request.businessId,
            serviceId: request.serviceId,
            date: request.date,
            days: request.days,
            staffId: request.staffId,
            partySize: request.partySize,
          });
          return { slots: slots.map(slotToResponse) };
        },
      },
      logger,
    ),
  };
}

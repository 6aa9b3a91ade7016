import { bookingParams, bookingResponse, type BookingJson } from './bookings.schemas';
import { amount, dateTime, emptyBody, noQuery, withProblems } from './common.schemas';

/**
 * Changes to one booking: cancel and reschedule (public: the business's own people and keys, or the
 * guest with the booking's manage token), approve, complete and no-show (the business only).
 */

/** Guests prove they own a booking with the token they got when booking; members and keys need none. */
export const manageHeaders = {
  type: 'object',
  properties: {
    'x-manage-token': {
      type: 'string',
      maxLength: 200,
      description: "Guests only: the booking's manage_token. Missing or wrong, the booking is not found (404).",
    },
  },
} as const;

export const cancelBookingBody = {
  $id: 'CancelBookingBody',
  title: 'CancelBookingBody',
  description: 'Optional; no body cancels without a reason',
  type: ['object', 'null'],
  properties: { reason: { type: 'string', maxLength: 500 } },
  additionalProperties: false,
} as const;
export type CancelBookingBody = { reason?: string } | null | undefined;

export const cancelledBookingResponse = {
  $id: 'CancelledBooking',
  title: 'CancelledBooking',
  type: 'object',
  properties: {
    booking: bookingResponse,
    fee_amount: { ...amount, description: 'Owed by the customer; 0 before the cut-off, and always 0 when the business cancels' },
    refund_amount: { ...amount, description: 'Of what was prepaid, the part that will be refunded' },
    currency: { type: 'string' },
  },
  required: ['booking', 'fee_amount', 'refund_amount', 'currency'],
  additionalProperties: false,
} as const;

export interface CancelledBookingJson {
  booking: BookingJson;
  fee_amount: number;
  refund_amount: number;
  currency: string;
}

export const rescheduleBookingBody = {
  $id: 'RescheduleBookingBody',
  title: 'RescheduleBookingBody',
  type: 'object',
  properties: { starts_at: { ...dateTime, description: 'The new start (RFC 3339 with offset); the booked duration and buffers move with it' } },
  required: ['starts_at'],
  additionalProperties: false,
} as const;
export interface RescheduleBookingBody {
  starts_at: string;
}

export const cancelBookingSchema = {
  params: bookingParams,
  querystring: noQuery,
  headers: manageHeaders,
  body: cancelBookingBody,
  response: withProblems({ 200: cancelledBookingResponse }),
};
export const rescheduleBookingSchema = {
  params: bookingParams,
  querystring: noQuery,
  headers: manageHeaders,
  body: rescheduleBookingBody,
  response: withProblems({ 200: bookingResponse }),
};
/** approve, complete, no-show: the booking's id says it all. */
export const bookingActionSchema = {
  params: bookingParams,
  querystring: noQuery,
  body: emptyBody,
  response: withProblems({ 200: bookingResponse }),
};

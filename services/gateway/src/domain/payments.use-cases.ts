import type { bookingV1, paymentV1 } from '@omotenashi/proto';
import type { Downstreams } from '../downstream/downstreams';
import { present } from './present';

type Deps = Pick<Downstreams, 'booking' | 'payment'>;

export interface StartedPayment {
  payment: paymentV1.Payment;
  /** False when the booking's payment already existed and was returned. */
  created: boolean;
}

export interface RefundedPayment {
  payment: paymentV1.Payment;
  refund: paymentV1.Refund;
}

/**
 * Starting and listing a booking's payments is for the business (a member or key) or for the guest
 * with the booking's token. A guest's token is checked by booking before payment hears of the request: a wrong token and an
 * unknown booking are the same 404 (BOOKING.MANAGE_TOKEN_INVALID), as on cancel and reschedule.
 */
async function admitGuest({ booking }: Deps, businessId: string, bookingId: string, actor: bookingV1.Actor): Promise<void> {
  if (actor.kind === 'guest') await booking.call('getBooking', { businessId, bookingId, actor });
}

/**
 * Listing also makes sure the booking is this business's: payment knows only payments, and a booking
 * with none (or another tenant's) would otherwise be an empty 200. Booking answers 404 for a foreign or
 * unknown id, the same as for every other route (tenant isolation). Starting needs no extra call:
 * payment reads the booking under the business itself.
 */
async function admitReader(deps: Deps, businessId: string, bookingId: string, actor: bookingV1.Actor): Promise<void> {
  await deps.booking.call('getBooking', { businessId, bookingId, actor: actor.kind === 'guest' ? actor : undefined });
}

export async function startPayment(deps: Deps, actor: bookingV1.Actor, request: paymentV1.StartPaymentRequest): Promise<StartedPayment> {
  await admitGuest(deps, request.businessId, request.bookingId, actor);
  const response = await deps.payment.call('startPayment', request);
  return { payment: present(response.payment, 'payment.StartPayment payment'), created: response.created };
}

export async function listBookingPayments(deps: Deps, actor: bookingV1.Actor, request: paymentV1.ListBookingPaymentsRequest): Promise<paymentV1.Payment[]> {
  await admitReader(deps, request.businessId, request.bookingId, actor);
  return (await deps.payment.call('listBookingPayments', request)).payments;
}

export async function getPayment({ payment }: Pick<Deps, 'payment'>, request: paymentV1.GetPaymentRequest): Promise<paymentV1.Payment> {
  return present((await payment.call('getPayment', request)).payment, 'payment.GetPayment payment');
}

export async function refundPayment({ payment }: Pick<Deps, 'payment'>, request: paymentV1.RefundPaymentRequest): Promise<RefundedPayment> {
  const response = await payment.call('refundPayment', request);
  return { payment: present(response.payment, 'payment.RefundPayment payment'), refund: present(response.refund, 'payment.RefundPayment refund') };
}

/** A provider's webhook, signature unchecked: payment checks it on these very bytes and stores the event once. */
export async function receiveWebhook({ payment }: Pick<Deps, 'payment'>, request: paymentV1.ReceiveWebhookRequest): Promise<paymentV1.ReceiveWebhookResponse> {
  return payment.call('receiveWebhook', request);
}

export async function confirmSandboxPayment(
  { payment }: Pick<Deps, 'payment'>,
  request: paymentV1.ConfirmSandboxPaymentRequest,
): Promise<paymentV1.ConfirmSandboxPaymentResponse> {
  return payment.call('confirmSandboxPayment', request);
}

export async function authenticateSandboxPayment(
  { payment }: Pick<Deps, 'payment'>,
  request: paymentV1.AuthenticateSandboxPaymentRequest,
): Promise<paymentV1.AuthenticateSandboxPaymentResponse> {
  return payment.call('authenticateSandboxPayment', request);
}

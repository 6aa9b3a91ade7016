import { CommonErrors, isAppError } from '@omotenashi/errors';
import type { bookingV1 } from '@omotenashi/proto';
import {
  claimIntentLease,
  findPaymentById,
  insertPayment,
  listBookingPayments,
  lockPayment,
  recordIntent,
  releaseIntentLease,
  UNIQUE_VIOLATION,
} from '../../data-access/payment.repository';
import { intentRequest, isCaptured, isOpen, type Payment, type PaymentKind } from '../payment';
import { PaymentErrors } from '../payment.errors';
import { applyOutcome } from './payment-outcome';
import { leaseMs, type PaymentServerDeps } from './payment-deps';

export interface StartPaymentRequest {
  businessId: string;
  bookingId: string;
  provider: string;
}

const WAIT_STEP_MS = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the booking's snapshotted policy asks for: the deposit (never more than the price) or the full price. */
export function chargeFor(booking: bookingV1.Booking): { kind: PaymentKind; amount: number } {
  const prepayment = booking.policy?.prepayment ?? 'none';
  if (prepayment === 'deposit') return { kind: 'deposit', amount: Math.min(booking.policy?.depositAmount ?? 0, booking.priceAmount) };
  if (prepayment === 'full') return { kind: 'full', amount: booking.priceAmount };
  throw PaymentErrors.notRequired();
}

async function readBooking(deps: PaymentServerDeps, request: StartPaymentRequest): Promise<bookingV1.Booking> {
  // A system read (no actor): the booking service answers as the business.
  const { booking } = await deps.bookings.call('getBooking', { businessId: request.businessId, bookingId: request.bookingId, actor: undefined });
  if (!booking) throw CommonErrors.notFound('Booking');
  return booking;
}

/** Opens the next attempt, or returns whoever won the race to open it. */
async function openPayment(deps: PaymentServerDeps, request: StartPaymentRequest, booking: bookingV1.Booking, existing: Payment[]) {
  const { kind, amount } = chargeFor(booking);
  if (amount <= 0) throw PaymentErrors.notRequired();
  const attempt = Math.max(0, ...existing.map((p) => p.attempt)) + 1;
  try {
    const payment = await insertPayment(deps.dataSource.manager, {
      businessId: request.businessId, bookingId: request.bookingId, provider: request.provider, kind, amount,
      currency: booking.currency.toUpperCase(), attempt, leaseMs: leaseMs(deps),
    });
    return { payment, created: true, leaseHeld: true };
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    const winner = (await listBookingPayments(deps.dataSource.manager, request.businessId, request.bookingId)).find((p) => isOpen(p.status));
    if (!winner) throw PaymentErrors.providerUnavailable(request.provider, 1, error);
    return { payment: winner, created: false, leaseHeld: false };
  }
}

async function createIntent(deps: PaymentServerDeps, payment: Payment): Promise<Payment> {
  try {
    const intent = await deps.providers.call(payment.provider, 'create_intent', (provider) =>
      provider.createIntent(intentRequest(payment)),
    );
    return await recordIntent(deps.dataSource.manager, payment.id, intent);
  } catch (error) {
    if ((error as Error)?.name !== 'ProviderRequestError') {
      await releaseIntentLease(deps.dataSource.manager, payment.id);
      throw error;
    }
    // Refused for good (e.g. an amount the provider does not take): this attempt fails, a retry opens the next.
    await deps.dataSource.transaction(async (db) => {
      const locked = (await lockPayment(db, payment.id))!;
      await applyOutcome(db, locked, 'failed', new Date(), { failureCode: (error as { code?: string }).code, failureMessage: (error as Error).message });
    });
    throw PaymentErrors.providerDeclined((error as Error).message);
  }
}

/**
 * Makes sure the payment has its provider intent. Exactly one caller at a time asks the provider (the
 * lease); the others wait for its answer, and take over under the same idempotency key if it vanished.
 */
async function ensureIntent(deps: PaymentServerDeps, payment: Payment, leaseHeld: boolean): Promise<Payment> {
  const giveUpAt = Date.now() + 2 * leaseMs(deps);
  let current = payment;
  let holding = leaseHeld;
  for (;;) {
    if (current.providerPaymentId || current.status !== 'requires_payment_method') return current;
    if (holding || (await claimIntentLease(deps.dataSource.manager, current.id, leaseMs(deps)))) return createIntent(deps, current);
    if (Date.now() > giveUpAt) throw PaymentErrors.providerUnavailable(current.provider, 1);
    await sleep(WAIT_STEP_MS);
    current = (await findPaymentById(deps.dataSource.manager, current.id))!;
    holding = false;
  }
}

/**
 * The payment of a held booking that needs prepayment: the one in progress (or already captured) when
 * there is one, else a new attempt. The booking id keys the provider intent, so retries and racing
 * requests never create a second one.
 */
export async function startPayment(deps: PaymentServerDeps, request: StartPaymentRequest): Promise<{ payment: Payment; created: boolean }> {
  if (!deps.providers.has(request.provider)) throw PaymentErrors.providerUnknown(request.provider, deps.providers.names);
  let booking: bookingV1.Booking;
  try {
    booking = await readBooking(deps, request);
  } catch (error) {
    if (isAppError(error) && error.kind === 'not_found') throw CommonErrors.notFound('Booking');
    throw error;
  }
  chargeFor(booking);
  const payments = await listBookingPayments(deps.dataSource.manager, request.businessId, request.bookingId);
  const paid = payments.find((p) => isCaptured(p.status));
  if (paid) return { payment: paid, created: false };
  if (booking.status !== 'held') throw PaymentErrors.bookingNotPayable(booking.status);
  if (booking.holdExpiresAt && Date.parse(booking.holdExpiresAt) <= Date.now()) throw PaymentErrors.bookingNotPayable('expired');
  const open = payments.find((p) => isOpen(p.status));
  const { payment, created, leaseHeld } = open
    ? { payment: open, created: false, leaseHeld: false }
    : await openPayment(deps, request, booking, payments);
  return { payment: await ensureIntent(deps, payment, leaseHeld), created };
}

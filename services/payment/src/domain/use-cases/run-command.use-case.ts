import { isAppError } from '@omotenashi/errors';
import { lockBookingState } from '../../data-access/booking-state.repository';
import { claimCommand, finishCommand, retryCommandLater, type StoredCommand } from '../../data-access/command.repository';
import { findPaymentById, lockPayment, recordIntent } from '../../data-access/payment.repository';
import { findRefund, setProviderRefundId, settleRefund } from '../../data-access/refund.repository';
import { paymentMetrics } from '../../payment.metrics';
import type { ProviderIntent, ProviderRefund } from '../../providers/payment-provider';
import { intentRequest, type Payment } from '../payment';
import { applyOutcome, completeRefund } from './payment-outcome';
import { backoffMs, leaseMs, type PaymentDeps } from './payment-deps';
import { reconcileBooking } from './reconcile-booking.use-case';

type Result = { kind: 'intent'; intent: ProviderIntent } | { kind: 'refund'; refund: ProviderRefund };

const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
const isRefusal = (error: unknown) => (error as Error | undefined)?.name === 'ProviderRequestError';

/** The intent of a payment whose creation answer was lost: asking again under the same key returns it. */
async function knownIntentId(deps: PaymentDeps, payment: Payment): Promise<string> {
  if (payment.providerPaymentId) return payment.providerPaymentId;
  const intent = await deps.providers.call(payment.provider, 'create_intent', (provider) =>
    provider.createIntent(intentRequest(payment)),
  );
  await recordIntent(deps.dataSource.manager, payment.id, intent);
  return intent.providerPaymentId;
}

async function send(deps: PaymentDeps, command: StoredCommand, payment: Payment): Promise<Result> {
  const intentId = await knownIntentId(deps, payment);
  const options = { idempotencyKey: command.idempotencyKey };
  switch (command.kind) {
    case 'capture':
      return { kind: 'intent', intent: await deps.providers.call(payment.provider, 'capture', (p) => p.capture(intentId, options)) };
    case 'cancel':
      return { kind: 'intent', intent: await deps.providers.call(payment.provider, 'cancel', (p) => p.cancel(intentId, options)) };
    case 'refund': {
      const refund = (await findRefund(deps.dataSource.manager, command.refundId as string))!;
      const answer = await deps.providers.call(payment.provider, 'refund', (p) =>
        p.refund(intentId, { ...options, amount: refund.amount, reason: refund.reason }));
      return { kind: 'refund', refund: answer };
    }
  }
}

/** Records what the provider answered, in one transaction with the saga's follow-up decisions. */
async function record(deps: PaymentDeps, command: StoredCommand, payment: Payment, result: Result): Promise<string[]> {
  const now = new Date();
  return deps.dataSource.transaction(async (db) => {
    const state = await lockBookingState(db, payment.businessId, payment.bookingId);
    let locked = (await lockPayment(db, payment.id))!;
    if (result.kind === 'intent') {
      const status = result.intent.status;
      if (status === 'succeeded') locked = await applyOutcome(db, locked, 'succeeded', now);
      else if (status === 'canceled') locked = await applyOutcome(db, locked, 'canceled', now, { reason: command.reason });
      else if (status === 'requires_capture') locked = await applyOutcome(db, locked, 'authorized', now);
    } else {
      const refund = (await findRefund(db, command.refundId as string))!;
      await setProviderRefundId(db, refund.id, result.refund.providerRefundId);
      if (result.refund.status === 'succeeded') await completeRefund(db, locked, refund, now);
      else if (result.refund.status === 'failed') await settleRefund(db, refund.id, 'failed', now, 'The provider refused the refund');
    }
    await finishCommand(db, command.id, 'done');
    return reconcileBooking(db, state, 'payment');
  });
}

/** The provider refused for good (not a transport problem): the command ends; a refused refund frees its amount. */
async function refuse(deps: PaymentDeps, command: StoredCommand, error: unknown): Promise<void> {
  await deps.dataSource.transaction(async (db) => {
    if (command.refundId) await settleRefund(db, command.refundId, 'failed', new Date(), errorText(error));
    await finishCommand(db, command.id, 'failed', errorText(error));
  });
  deps.logger.warn({ err: error, command: command.kind, payment_id: command.paymentId }, 'provider refused a command');
}

/**
 * Sends one recorded provider command (capture, cancel, refund) with its idempotency key, outside any
 * transaction, then records the answer. Lost answers, crashes and provider outages leave it pending
 * for a later attempt, which the idempotency key makes harmless.
 */
export async function runCommand(deps: PaymentDeps, commandId: string): Promise<void> {
  const command = await claimCommand(deps.dataSource.manager, commandId, leaseMs(deps));
  if (!command) return;
  const payment = (await findPaymentById(deps.dataSource.manager, command.paymentId))!;
  let result: Result;
  try {
    result = await send(deps, command, payment);
  } catch (error) {
    if (isRefusal(error)) return refuse(deps, command, error);
    const park = command.attempts >= deps.maxAttempts;
    const delay = isAppError(error) && error.retryAfterSeconds ? Math.max(error.retryAfterSeconds * 1000, backoffMs(command.attempts)) : backoffMs(command.attempts);
    await retryCommandLater(deps.dataSource.manager, command.id, errorText(error), delay, park);
    if (park) paymentMetrics.commandsParked.inc({ kind: command.kind });
    deps.logger.warn({ err: error, command: command.kind, payment_id: command.paymentId, attempts: command.attempts, parked: park }, 'provider command failed');
    return;
  }
  const follow = await record(deps, command, payment, result);
  if (follow.length) deps.wakeCommands();
}

import { insertCommand } from '../../data-access/command.repository';
import { lockBookingPayments, type Db } from '../../data-access/payment.repository';
import { insertRefund, pendingRefundTotal } from '../../data-access/refund.repository';
import type { BookingState } from '../booking-state';
import { decideCommands, type PaymentPosition, type SagaTrigger } from '../saga-decisions';

/**
 * One saga step, inside the transaction that holds the booking's projection lock: decides what the
 * provider must do about the booking's payments and records each command (and refund) once under its
 * deterministic key. The provider is called after commit, by the command runner.
 */
export async function reconcileBooking(db: Db, state: BookingState, trigger: SagaTrigger): Promise<string[]> {
  const payments = await lockBookingPayments(db, state.businessId, state.bookingId);
  const positions: PaymentPosition[] = [];
  for (const payment of payments) positions.push({ payment, pendingRefunds: await pendingRefundTotal(db, payment.id) });
  const created: string[] = [];
  for (const command of decideCommands(state, positions, trigger)) {
    const payment = payments.find((p) => p.id === command.paymentId)!;
    let refundId: string | undefined;
    if (command.kind === 'refund') {
      const refund = await insertRefund(db, {
        businessId: payment.businessId,
        paymentId: payment.id,
        amount: command.amount,
        currency: payment.currency,
        reason: command.reason,
        idempotencyKey: command.idempotencyKey,
        actorId: 'payment-saga',
      });
      if (!refund) continue; // decided before (redelivery, or another trigger got there first)
      refundId = refund.id;
    }
    const id = await insertCommand(db, {
      businessId: payment.businessId,
      paymentId: payment.id,
      refundId,
      kind: command.kind,
      reason: command.kind === 'capture' ? '' : command.reason,
      idempotencyKey: command.idempotencyKey,
    });
    if (id) created.push(id);
  }
  return created;
}

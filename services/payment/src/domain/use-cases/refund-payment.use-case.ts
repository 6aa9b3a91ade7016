import { CommonErrors } from '@omotenashi/errors';
import { v7 as uuidv7 } from 'uuid';
import { insertCommand } from '../../data-access/command.repository';
import { findPayment, lockPayment } from '../../data-access/payment.repository';
import { findRefund, findRefundByKey, insertRefund, pendingRefundTotal } from '../../data-access/refund.repository';
import { isCaptured, refundable, type Payment, type Refund } from '../payment';
import { PaymentErrors } from '../payment.errors';
import type { PaymentDeps } from './payment-deps';
import { runCommand } from './run-command.use-case';

export interface RefundRequest {
  businessId: string;
  paymentId: string;
  /** 0: everything not yet refunded. */
  amount: number;
  note: string;
  idempotencyKey: string;
  actorId: string;
}

/** The refund's key: the caller's Idempotency-Key within its business, or a fresh one when none was sent. */
const refundKey = (request: RefundRequest) =>
  request.idempotencyKey ? `business:${request.businessId}:${request.idempotencyKey}` : `business:${request.businessId}:${uuidv7()}`;

/**
 * A business gives back part or all of what a payment captured. The refund is recorded (holding its
 * amount against the captured total) before the provider is asked, so concurrent refunds can never
 * exceed it; a provider outage leaves the refund pending and the worker sends it later.
 */
export async function refundPayment(deps: PaymentDeps, request: RefundRequest): Promise<{ payment: Payment; refund: Refund }> {
  if (!Number.isSafeInteger(request.amount) || request.amount < 0) {
    throw CommonErrors.validation([{ pointer: '/amount', detail: 'must be a non-negative integer in minor units' }]);
  }
  const key = refundKey(request);
  const decided = await deps.dataSource.transaction(async (db) => {
    const found = await findPayment(db, request.businessId, request.paymentId);
    if (!found) throw PaymentErrors.notFound();
    const replay = await findRefundByKey(db, key);
    if (replay) {
      if (replay.paymentId !== found.id) throw CommonErrors.validation([{ pointer: '/headers/idempotency-key', detail: 'was already used for another payment' }]);
      return { refund: replay, commandId: undefined };
    }
    const payment = (await lockPayment(db, found.id))!;
    if (!isCaptured(payment.status)) throw PaymentErrors.notRefundable(payment.status);
    const available = refundable(payment, await pendingRefundTotal(db, payment.id));
    if (available <= 0) throw PaymentErrors.notRefundable(payment.status === 'refunded' ? 'refunded' : 'being refunded');
    const amount = request.amount || available;
    if (amount > available) throw PaymentErrors.refundExceedsCaptured(available, payment.currency);
    const refund = (await insertRefund(db, {
      businessId: payment.businessId, paymentId: payment.id, amount, currency: payment.currency, reason: 'requested_by_business',
      idempotencyKey: key, note: request.note.slice(0, 500), actorId: request.actorId.slice(0, 200),
    }))!;
    const commandId = await insertCommand(db, { businessId: payment.businessId, paymentId: payment.id, refundId: refund.id, kind: 'refund', idempotencyKey: key });
    return { refund, commandId };
  });
  // Sent now, so the answer usually shows the refund settled; if the provider is down it stays pending for the worker.
  if (decided.commandId) await runCommand(deps, decided.commandId);
  const payment = (await findPayment(deps.dataSource.manager, request.businessId, request.paymentId))!;
  const refund = (await findRefund(deps.dataSource.manager, decided.refund.id))!;
  return { payment, refund };
}

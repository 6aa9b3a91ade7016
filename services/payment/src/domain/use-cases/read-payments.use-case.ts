import { findPayment, listBookingPayments } from '../../data-access/payment.repository';
import { listRefunds } from '../../data-access/refund.repository';
import type { Payment, Refund } from '../payment';
import { PaymentErrors } from '../payment.errors';
import type { PaymentDeps } from './payment-deps';

export interface PaymentView {
  payment: Payment;
  refunds: Refund[];
}

export async function getPayment(deps: PaymentDeps, businessId: string, paymentId: string): Promise<PaymentView> {
  const payment = await findPayment(deps.dataSource.manager, businessId, paymentId);
  if (!payment) throw PaymentErrors.notFound();
  return { payment, refunds: await listRefunds(deps.dataSource.manager, [payment.id]) };
}

export async function listPaymentsOfBooking(deps: PaymentDeps, businessId: string, bookingId: string): Promise<PaymentView[]> {
  const payments = await listBookingPayments(deps.dataSource.manager, businessId, bookingId);
  const refunds = await listRefunds(deps.dataSource.manager, payments.map((p) => p.id));
  return payments.map((payment) => ({ payment, refunds: refunds.filter((r) => r.paymentId === payment.id) }));
}

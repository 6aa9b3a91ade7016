import { GrpcClient } from '@omotenashi/grpc';
import { bookingV1, catalogV1, paymentV1 } from '@omotenashi/proto';
import { eventually } from '@omotenashi/testkit';
import { Client } from 'pg';
import { startPlatform, type TestPlatform } from '../../../../tests/support/platform';
import { tokyoTenAm } from '../../../../tests/support/time';
import { startWebhookForwarder, type DeliveryPolicy, type WebhookForwarder } from './webhook-forwarder';

export const SANDBOX_SECRET = 'whsec_sandbox_development_only_secret';

export interface PaymentHarness {
  platform: TestPlatform;
  payment: GrpcClient<paymentV1.PaymentServiceClient>;
  booking: GrpcClient<bookingV1.BookingServiceClient>;
  catalog: GrpcClient<catalogV1.CatalogServiceClient>;
  forwarder: WebhookForwarder;
  db: Client;
  businessId: string;
  /** A prepaid service: `full` or `deposit` (deposit 3000 of 12000 JPY). */
  service(prepayment: 'full' | 'deposit' | 'none', options?: { price?: number; deposit?: number; capacity?: number }): Promise<string>;
  /** A new held (or, without prepayment, confirmed) booking on its own day. */
  book(serviceId: string): Promise<bookingV1.Booking>;
  bookingStatus(bookingId: string): Promise<string>;
  /** Rows of payment.<table> matching `where`. */
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Outbox subjects written for a booking's payments, in order. */
  paymentEvents(bookingId: string): Promise<string[]>;
  stop(): Promise<void>;
}

let dayOffset = 2;

/** The whole platform in-process plus a webhook forwarder where the gateway would be. */
export async function startPaymentHarness(label: string, env: Record<string, string> = {}, policy?: DeliveryPolicy): Promise<PaymentHarness> {
  const platform = await startPlatform(label, { PAYMENT_INBOX_POLL_MS: '50', ...env });
  const options = { downstream: 'test', deadlineMs: 10_000 };
  const payment = new GrpcClient(paymentV1.PaymentServiceClient, platform.env.PAYMENT_GRPC_URL, options);
  const booking = new GrpcClient(bookingV1.BookingServiceClient, platform.env.BOOKING_GRPC_URL, options);
  const catalog = new GrpcClient(catalogV1.CatalogServiceClient, platform.env.CATALOG_GRPC_URL, options);
  const forwarder = await startWebhookForwarder(Number(platform.env.PORT), payment, policy);
  const db = new Client({ connectionString: platform.infra.databaseUrl });
  await db.connect();
  const { business } = await catalog.call('createBusiness', catalogV1.CreateBusinessRequest.fromPartial({
    slug: `pay-${label}-${Date.now().toString(36)}`, displayNameEn: 'Paid Spa', category: 'spa', timezone: 'Asia/Tokyo',
    policy: { minNoticeMinutes: 0, bookingHorizonDays: 365 },
  }));
  const businessId = business!.id;
  const harness: PaymentHarness = {
    platform, payment, booking, catalog, forwarder, db, businessId,
    async service(prepayment, { price = 12000, deposit = 3000, capacity = 1 } = {}) {
      const { service } = await catalog.call('createService', catalogV1.CreateServiceRequest.fromPartial({
        businessId, nameEn: `Treatment ${prepayment}`, category: 'spa', durationMinutes: 60, price: { amount: price, currency: 'JPY' },
        capacity, prepayment, depositAmount: prepayment === 'deposit' ? deposit : 0,
      }));
      return service!.id;
    },
    async book(serviceId) {
      const { booking: created } = await booking.call('createBooking', bookingV1.CreateBookingRequest.fromPartial({
        businessId, serviceId, startsAt: tokyoTenAm(dayOffset++), partySize: 1, customer: { name: 'Guest', email: `guest${dayOffset}@example.jp` },
      }));
      return created!;
    },
    async bookingStatus(bookingId) {
      return (await booking.call('getBooking', { businessId, bookingId })).booking!.status;
    },
    async rows(sql, params = []) {
      return (await db.query(sql, params)).rows;
    },
    async paymentEvents(bookingId) {
      const { rows } = await db.query(
        `SELECT o.subject FROM payment.outbox o WHERE o.business_id = $1 AND o.subject LIKE 'payment.payment.%'
           AND position($2::text in encode(o.payload, 'escape')) > 0 ORDER BY o.id`,
        [businessId, bookingId],
      );
      return rows.map((row: { subject: string }) => row.subject);
    },
    async stop() {
      payment.close();
      booking.close();
      catalog.close();
      await db.end();
      await forwarder.close();
      await platform.stop();
    },
  };
  return harness;
}

/** Pays a sandbox payment as the payer's browser would. */
export async function paySandbox(harness: PaymentHarness, payment: paymentV1.Payment, method: string): Promise<paymentV1.ConfirmSandboxPaymentResponse> {
  return harness.payment.call('confirmSandboxPayment', { providerPaymentId: payment.providerPaymentId, clientSecret: payment.clientSecret, paymentMethod: method });
}

export async function paymentOf(harness: PaymentHarness, paymentId: string): Promise<paymentV1.Payment> {
  return (await harness.payment.call('getPayment', { businessId: harness.businessId, paymentId })).payment!;
}

export async function waitForPaymentStatus(harness: PaymentHarness, paymentId: string, status: string, timeoutMs = 15_000): Promise<paymentV1.Payment> {
  return eventually(async () => {
    const payment = await paymentOf(harness, paymentId);
    return payment.status === status ? payment : undefined;
  }, timeoutMs);
}

export async function waitForBookingStatus(harness: PaymentHarness, bookingId: string, status: string, timeoutMs = 15_000): Promise<void> {
  await eventually(async () => (await harness.bookingStatus(bookingId)) === status, timeoutMs);
}

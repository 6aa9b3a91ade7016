import { GrpcClient } from '@omotenashi/grpc';
import { bookingCustomersV1, bookingReviewsV1, bookingV1 } from '@omotenashi/proto';
import { inHours, LifecycleHarness, OWNER, sleepUntil } from '../lifecycle/lifecycle.harness';

/** The lifecycle harness plus CustomerService and ReviewService clients on the same booking server. */
export class CustomersHarness {
  private constructor(
    readonly h: LifecycleHarness,
    readonly customers: GrpcClient<bookingCustomersV1.CustomerServiceClient>,
    readonly reviews: GrpcClient<bookingReviewsV1.ReviewServiceClient>,
  ) {}

  static async start(label: string): Promise<CustomersHarness> {
    const h = await LifecycleHarness.start(label);
    const options = { downstream: 'test', deadlineMs: 10_000 };
    const url = h.platform.env.BOOKING_GRPC_URL;
    return new CustomersHarness(
      h,
      new GrpcClient(bookingCustomersV1.CustomerServiceClient, url, options),
      new GrpcClient(bookingReviewsV1.ReviewServiceClient, url, options),
    );
  }

  async stop(): Promise<void> {
    this.customers.close();
    this.reviews.close();
    await this.h.stop();
  }

  /**
   * Bookings that really happened: each on its own service (so they may share the instant), starting
   * three seconds from now; after the start the business completes them over CompleteBooking.
   */
  async completedBookings(businessId: string, emails: string[]): Promise<{ booking: bookingV1.Booking; manageToken: string }[]> {
    const startsAt = inHours(3 / 3600);
    const made = await Promise.all(emails.map(async (email) => this.h.book(businessId, await this.h.service(businessId, { price: 9_000 }), startsAt, email)));
    await sleepUntil(startsAt);
    for (const { booking } of made) {
      await this.h.booking.call('completeBooking', bookingV1.CompleteBookingRequest.fromPartial({ businessId, bookingId: booking.id, actor: OWNER }));
    }
    return made;
  }

  /** Outbox rows of one subject for one business, oldest first. */
  async outbox(businessId: string, subject: string): Promise<Buffer[]> {
    const { rows } = await this.h.db.query('SELECT payload FROM booking.outbox WHERE business_id = $1 AND subject = $2 ORDER BY id', [
      businessId,
      subject,
    ]);
    return rows.map((row: { payload: Buffer }) => row.payload);
  }

  /**
   * Other tenants' data, as any real database holds: `count` customers of as many businesses, each with a
   * completed booking and a review. Without it every row is the tested business's and no index is selective.
   */
  async fillOtherTenants(count: number): Promise<void> {
    await this.h.db.query(
      `WITH c AS (
         INSERT INTO booking.customers (id, business_id, email, name)
         SELECT gen_random_uuid(), gen_random_uuid(), 'filler' || g || '@example.jp', 'Filler ' || g FROM generate_series(1, $1::int) g
         RETURNING id, business_id
       ), b AS (
         INSERT INTO booking.bookings (id, business_id, service_id, customer_id, status, starts_at, ends_at, booking_date, price_amount, currency, policy_snapshot)
         SELECT gen_random_uuid(), c.business_id, gen_random_uuid(), c.id, 'completed', now() - interval '2 days', now() - interval '47 hours',
                current_date - 2, 5000, 'JPY', '{}'::jsonb
         FROM c
         RETURNING id, business_id, customer_id, service_id
       )
       INSERT INTO booking.reviews (id, business_id, booking_id, customer_id, service_id, rating, author_kind)
       SELECT gen_random_uuid(), b.business_id, b.id, b.customer_id, b.service_id, 4, 'guest' FROM b`,
      [count],
    );
    await this.h.db.query('ANALYZE booking.customers; ANALYZE booking.bookings; ANALYZE booking.reviews');
  }

  /** The plan Postgres picks for `text` when sequential scans are off (so a small table still shows which index fits). */
  async plan(text: string, values: unknown[]): Promise<string> {
    const { db } = this.h;
    await db.query('BEGIN');
    try {
      await db.query('SET LOCAL enable_seqscan = off');
      await db.query('SET LOCAL search_path = booking, public');
      const { rows } = await db.query(`EXPLAIN ${text}`, values);
      return rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n');
    } finally {
      await db.query('ROLLBACK');
    }
  }
}

import { GrpcClient } from '@omotenashi/grpc';
import { bookingEventsV1, bookingV1, catalogV1 } from '@omotenashi/proto';
import { Client } from 'pg';
import { startPlatform, type TestPlatform } from '../../../../tests/support/platform';

export const HOUR = 3_600_000;
export const OWNER: bookingV1.Actor = { kind: 'business', id: 'user-owner', manageToken: '' };
export const SAGA: bookingV1.Actor = { kind: 'system', id: 'payment-saga', manageToken: '' };
export const guest = (manageToken: string): bookingV1.Actor => ({ kind: 'guest', id: '', manageToken });

/** An instant `hours` from now, RFC 3339, on a whole second. */
export const inHours = (hours: number) => new Date(Math.floor((Date.now() + hours * HOUR) / 1000) * 1000).toISOString();
/** HH:MM Tokyo time, `days` days from now. */
export const tokyoAt = (days: number, time = '10:00') =>
  `${new Date(Date.now() + days * 24 * HOUR).toISOString().slice(0, 10)}T${time}:00+09:00`;
export const sleepUntil = (instant: string) => new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(instant).getTime() - Date.now() + 50)));

const DECODERS: Record<string, { decode(input: Uint8Array): { bookingId: string } }> = {
  'booking.booking.created': bookingEventsV1.BookingCreated,
  'booking.booking.expired': bookingEventsV1.BookingExpired,
  'booking.booking.confirmed': bookingEventsV1.BookingConfirmed,
  'booking.booking.cancelled': bookingEventsV1.BookingCancelled,
  'booking.booking.rescheduled': bookingEventsV1.BookingRescheduled,
  'booking.booking.completed': bookingEventsV1.BookingCompleted,
  'booking.booking.no_show': bookingEventsV1.BookingNoShow,
};

export interface ServiceTerms {
  prepayment?: 'none' | 'deposit' | 'full';
  price?: number;
  deposit?: number;
  durationMinutes?: number;
  bufferAfterMinutes?: number;
  capacity?: number;
}

/** One platform per test file, and the few steps every lifecycle test repeats. */
export class LifecycleHarness {
  private slugs = 0;

  private constructor(
    readonly platform: TestPlatform,
    readonly booking: GrpcClient<bookingV1.BookingServiceClient>,
    readonly catalog: GrpcClient<catalogV1.CatalogServiceClient>,
    readonly db: Client,
  ) {}

  static async start(label: string, env: Record<string, string> = {}): Promise<LifecycleHarness> {
    const platform = await startPlatform(label, env);
    const options = { downstream: 'test', deadlineMs: 10_000 };
    const db = new Client({ connectionString: platform.infra.databaseUrl });
    await db.connect();
    return new LifecycleHarness(
      platform,
      new GrpcClient(bookingV1.BookingServiceClient, platform.env.BOOKING_GRPC_URL, options),
      new GrpcClient(catalogV1.CatalogServiceClient, platform.env.CATALOG_GRPC_URL, options),
      db,
    );
  }

  async stop(): Promise<void> {
    this.booking.close();
    this.catalog.close();
    await this.db.end();
    await this.platform.stop();
  }

  /** A Tokyo business with `policy` (minimum notice 0 unless said, so tests can book close to now). */
  async business(policy: Partial<catalogV1.BookingPolicy> = {}): Promise<string> {
    const { business } = await this.catalog.call('createBusiness', catalogV1.CreateBusinessRequest.fromPartial({
      slug: `lifecycle-${++this.slugs}-${Date.now().toString(36)}`,
      displayNameEn: 'Lifecycle Salon',
      category: 'hair',
      timezone: 'Asia/Tokyo',
      currency: 'JPY',
      policy: { minNoticeMinutes: 0, ...policy },
    }));
    return business!.id;
  }

  async service(businessId: string, terms: ServiceTerms = {}): Promise<string> {
    const { service } = await this.catalog.call('createService', catalogV1.CreateServiceRequest.fromPartial({
      businessId,
      nameEn: 'Cut',
      category: 'hair',
      durationMinutes: terms.durationMinutes ?? 60,
      bufferAfterMinutes: terms.bufferAfterMinutes ?? 0,
      price: { amount: terms.price ?? 10_000, currency: 'JPY' },
      capacity: terms.capacity ?? 1,
      prepayment: terms.prepayment ?? 'none',
      depositAmount: terms.deposit ?? 0,
    }));
    return service!.id;
  }

  async book(businessId: string, serviceId: string, startsAt: string, email = 'hanako@example.jp') {
    const created = await this.booking.call('createBooking', bookingV1.CreateBookingRequest.fromPartial({
      businessId, serviceId, startsAt, partySize: 1, customer: { name: '山田 花子', email, locale: 'ja' },
    }));
    return { booking: created.booking!, manageToken: created.manageToken };
  }

  async status(businessId: string, bookingId: string): Promise<string> {
    return (await this.booking.call('getBooking', { businessId, bookingId })).booking!.status;
  }

  /** Events of one booking in the outbox, oldest first (UUIDv7 ids sort by time). */
  async events(businessId: string, bookingId: string): Promise<{ subject: string; eventType: string; payload: Record<string, unknown> }[]> {
    const { rows } = await this.db.query(
      'SELECT subject, event_type, payload FROM booking.outbox WHERE business_id = $1 ORDER BY id',
      [businessId],
    );
    return rows
      .map((row: { subject: string; event_type: string; payload: Buffer }) => ({
        subject: row.subject,
        eventType: row.event_type,
        payload: DECODERS[row.subject].decode(row.payload) as unknown as Record<string, unknown>,
      }))
      .filter((event) => event.payload.bookingId === bookingId);
  }

  /** Pairs of active exclusive allocations of one subject that overlap: must always be none. */
  async overlaps(): Promise<number> {
    const { rows } = await this.db.query(
      `SELECT count(*)::int AS n FROM booking.booking_allocations a JOIN booking.booking_allocations b
         ON a.business_id = b.business_id AND a.subject_id = b.subject_id AND a.id < b.id AND a.period && b.period
       WHERE a.active AND b.active AND a.exclusive AND b.exclusive`,
    );
    return rows[0].n;
  }

  async activeAllocations(bookingId: string): Promise<{ lower: Date; upper: Date }[]> {
    const { rows } = await this.db.query(
      'SELECT lower(period) AS lower, upper(period) AS upper FROM booking.booking_allocations WHERE booking_id = $1 AND active',
      [bookingId],
    );
    return rows;
  }
}

import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from '@omotenashi/cache';
import { streamName } from '@omotenashi/events';
import { GrpcClient } from '@omotenashi/grpc';
import { bookingV1, catalogV1 } from '@omotenashi/proto';
import { eventually } from '@omotenashi/testkit';
import { Client } from 'pg';
import { japaneseHolidaysBetween } from '../../../catalog/src/domain/holidays';
import { startPlatform, type TestPlatform } from '../../../../tests/support/platform';

const DAY = 86_400_000;
const ZONE = 'Asia/Tokyo';

/** Today's date in Tokyo, `offset` days on. */
export const tokyoDate = (offset = 0) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(Date.now() + offset * DAY));
export const at = (date: string, time: string) => `${date}T${time}:00+09:00`;

/** A salon week: 10:00–13:00 and 14:00–17:00 every day (lunch 13–14), closed on national holidays. */
export const WEEK = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
  { weekday, opens: '10:00', closes: '13:00' },
  { weekday, opens: '14:00', closes: '17:00' },
]);

/**
 * Dates for a test file, all in the future and in the booking horizon: the next national holiday, and
 * as many ordinary days (not holidays) as asked, each used by one test so tests don't see each other.
 */
export function testDates(count: number): { holiday: string; days: string[] } {
  const holidays = new Set(japaneseHolidaysBetween(tokyoDate(3), tokyoDate(300)).map((h) => h.date));
  const holiday = [...holidays].sort()[0]!;
  const days: string[] = [];
  for (let offset = 3; days.length < count; offset++) if (!holidays.has(tokyoDate(offset))) days.push(tokyoDate(offset));
  return { holiday, days };
}

export interface Salon {
  businessId: string;
  stylists: string[];
}

/** One platform per test file, with gRPC clients, a database connection and Redis, and setup steps. */
export class SalonHarness {
  private constructor(
    readonly platform: TestPlatform,
    readonly booking: GrpcClient<bookingV1.BookingServiceClient>,
    readonly catalog: GrpcClient<catalogV1.CatalogServiceClient>,
    readonly db: Client,
    readonly redis: Redis,
  ) {}

  static async start(label: string): Promise<SalonHarness> {
    const platform = await startPlatform(label);
    const options = { downstream: 'test', deadlineMs: 10_000 };
    const db = new Client({ connectionString: platform.infra.databaseUrl });
    await db.connect();
    return new SalonHarness(
      platform,
      new GrpcClient(bookingV1.BookingServiceClient, platform.env.BOOKING_GRPC_URL, options),
      new GrpcClient(catalogV1.CatalogServiceClient, platform.env.CATALOG_GRPC_URL, options),
      db,
      new Redis(platform.infra.redisUrl),
    );
  }

  async stop(): Promise<void> {
    this.booking.close();
    this.catalog.close();
    this.redis.disconnect();
    await this.db.end();
    await this.platform.stop();
  }

  /** A Tokyo salon with the lunch-break week, the holiday rule, hourly slots and two stylists. */
  async salon(slug: string): Promise<Salon> {
    const { business } = await this.catalog.call('createBusiness', catalogV1.CreateBusinessRequest.fromPartial({
      slug,
      displayNameJa: 'サロン',
      displayNameEn: 'Salon',
      category: 'hair',
      timezone: ZONE,
      currency: 'JPY',
      policy: { minNoticeMinutes: 0, bookingHorizonDays: 365, slotIntervalMinutes: 60 },
    }));
    const businessId = business!.id;
    await this.catalog.call('setBusinessHours', { businessId, weekly: WEEK, closedOnNationalHolidays: true });
    const stylists = [await this.staff(businessId, 'aoi'), await this.staff(businessId, 'ren')];
    return { businessId, stylists };
  }

  async staff(businessId: string, name: string, serviceIds: string[] = []): Promise<string> {
    const { staff } = await this.catalog.call('createStaff', catalogV1.CreateStaffRequest.fromPartial({
      businessId, email: `${name}@salon.example.jp`, displayName: name, role: 'staff', serviceIds,
    }));
    return staff!.id;
  }

  async resource(businessId: string, kind: string, name: string, capacity = 1): Promise<string> {
    const { resource } = await this.catalog.call('createResource', { businessId, kind, nameJa: name, nameEn: name, capacity });
    return resource!.id;
  }

  async service(businessId: string, terms: { name: string; staffIds: string[]; kinds: string[]; capacity?: number; duration?: number }): Promise<string> {
    const { service } = await this.catalog.call('createService', catalogV1.CreateServiceRequest.fromPartial({
      businessId,
      nameJa: terms.name,
      nameEn: terms.name,
      category: 'hair',
      durationMinutes: terms.duration ?? 60,
      price: { amount: 6_000, currency: 'JPY' },
      capacity: terms.capacity ?? 1,
      prepayment: 'none',
      resourceKinds: { values: terms.kinds },
      staffIds: { values: terms.staffIds },
    }));
    return service!.id;
  }

  availability(businessId: string, serviceId: string, date: string, extra: Partial<bookingV1.GetAvailabilityRequest> = {}) {
    return this.booking.call('getAvailability', { businessId, serviceId, date, days: 1, staffId: '', partySize: 1, ...extra });
  }

  /** The local start times ("10:00") of the slots of one day. */
  async times(businessId: string, serviceId: string, date: string, extra: Partial<bookingV1.GetAvailabilityRequest> = {}): Promise<string[]> {
    const { slots } = await this.availability(businessId, serviceId, date, extra);
    return slots.map((slot) => slot.startsAt.slice(11, 16));
  }

  async book(businessId: string, serviceId: string, startsAt: string, extra: Partial<bookingV1.CreateBookingRequest> = {}) {
    const created = await this.booking.call('createBooking', bookingV1.CreateBookingRequest.fromPartial({
      businessId, serviceId, startsAt, partySize: 1, customer: { name: '山田 花子', email: `guest-${Math.random().toString(36).slice(2)}@example.jp`, locale: 'ja' }, ...extra,
    }));
    return created.booking!;
  }

  /** The booking's active allocations: kind, subject and whether the exclusion constraint guards it. */
  async allocations(bookingId: string): Promise<{ kind: string; subject: string; exclusive: boolean }[]> {
    const { rows } = await this.db.query(
      'SELECT subject_kind AS kind, subject_id AS subject, exclusive FROM booking.booking_allocations WHERE booking_id = $1 AND active ORDER BY subject_kind, subject_id',
      [bookingId],
    );
    return rows;
  }

  /**
   * Waits until the booking worker has handled every catalog and booking event so far, so no late
   * invalidation lands in the middle of a test about the cache: every outbox row published, and the two
   * availability consumers with nothing pending or unacknowledged (they ack after their INCRs; being
   * idempotent, they keep no processed_events rows to count).
   */
  async settled(): Promise<void> {
    const nc = await connect({ servers: this.platform.infra.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      const namespace = this.platform.infra.eventsNamespace;
      const consumers = [
        [streamName(namespace, 'CATALOG'), 'booking-catalog-availability'],
        [streamName(namespace, 'BOOKING'), 'booking-availability'],
      ] as const;
      await eventually(async () => {
        const { rows } = await this.db.query(
          `SELECT (SELECT count(*) FROM catalog.outbox WHERE published_at IS NULL) + (SELECT count(*) FROM booking.outbox WHERE published_at IS NULL) AS unpublished`,
        );
        if (Number(rows[0].unpublished) > 0) return false;
        for (const [stream, durable] of consumers) {
          const info = await jsm.consumers.info(stream, durable).catch(() => undefined);
          if (!info || info.num_pending + info.num_ack_pending > 0) return false;
        }
        return true;
      });
    } finally {
      await nc.close();
    }
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
}

import { Client } from 'pg';
import type { RunningGateway } from '../../services/gateway/src/app';
import { call, startPlatformGateway, type JsonAnswer } from '../support/gateway';
import { startPlatform, type TestPlatform } from '../support/platform';

/**
 * Double booking under real concurrency (reliability-practices §1): many guests fire at one slot at
 * once through the real gateway, booking service and Postgres. The database's exclusion constraint and
 * the seat lock decide; the test then checks the rows themselves, not only the HTTP answers.
 */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const CONCURRENT = 100;
const CLASS_CAPACITY = 8;
const ROUNDS = 5;

describe('Concurrent bookings of one slot', () => {
  let platform: TestPlatform;
  let gateway: RunningGateway;
  let businessId: string;
  let oneToOneId: string;
  let classId: string;
  const http = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(gateway.url, method, path, body, headers);

  /** `count` guests, each with their own email, POST at the same time; every answer, in order. */
  const race = (serviceId: string, startsAt: string, count: number, tag: string): Promise<JsonAnswer[]> =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        http('POST', `/v1/businesses/${businessId}/bookings`, {
          service_id: serviceId,
          starts_at: startsAt,
          customer: { name: `Guest ${i}`, email: `${tag}-${i}@example.jp` },
        }),
      ),
    );
  const statuses = (answers: JsonAnswer[]) =>
    answers.reduce<Record<string, number>>((counts, answer) => {
      const key = answer.status === 201 ? '201' : `${answer.status} ${answer.body?.code}`;
      counts[key] = (counts[key] ?? 0) + 1;
      return counts;
    }, {});
  const observed: Record<string, Record<string, number>> = {};

  async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const db = new Client({ connectionString: platform.infra.databaseUrl });
    await db.connect();
    try {
      return (await db.query(sql, params)).rows as T[];
    } finally {
      await db.end();
    }
  }

  beforeAll(async () => {
    // A loaded CI machine must not turn a slow answer into a 504 with an unknown outcome.
    platform = await startPlatform('booking-race', { GRPC_DEADLINE_MS: '15000' });
    gateway = await startPlatformGateway(platform, {
      // Every racer comes from 127.0.0.1: quotas the race can't meet.
      RATE_LIMIT_ANONYMOUS: '100000/60s',
      RATE_LIMIT_USER: '100000/60s',
      RATE_LIMIT_AUTH: '100000/60s',
      BOOKING_DEADLINE_MS: '20000',
      PASSWORD_SCRYPT_LOG_N: '15',
    });
    const signUp = await http('POST', '/v1/auth/signup', { email: 'owner@race.example.jp', password: 'correct horse battery staple', display_name: 'Owner' });
    expect(signUp.status).toBe(201);
    const owner = { authorization: `Bearer ${signUp.body.access_token}` };
    const business = await http(
      'POST',
      '/v1/businesses',
      { slug: 'race-studio', display_name_ja: 'レーススタジオ', display_name_en: 'Race Studio', category: 'fitness', timezone: 'Asia/Tokyo' },
      owner,
    );
    expect(business.status).toBe(201);
    businessId = business.body.id;
    const service = (body: Record<string, unknown>) =>
      http('POST', `/v1/businesses/${businessId}/services`, { category: 'fitness', duration_minutes: 60, price_amount: 3_000, ...body }, owner);
    const personal = await service({ name_ja: 'パーソナル', name_en: 'Personal training' });
    const yoga = await service({ name_ja: 'ヨガクラス', name_en: 'Yoga class', capacity: CLASS_CAPACITY });
    expect([personal.status, yoga.status]).toEqual([201, 201]);
    oneToOneId = personal.body.id;
    classId = yoga.body.id;
  });

  afterAll(async () => {
    // The counts each race produced, for the record (jest prints console output of a suite).
    console.info(`booking race results: ${JSON.stringify(observed)}`);
    await gateway?.stop();
    await platform?.stop();
  });

  test.each(Array.from({ length: ROUNDS }, (_, round) => round))(
    `When ${CONCURRENT} guests book one one-to-one slot at once (round %i), then exactly one gets 201 and the rest 409 BOOKING.SLOT_TAKEN`,
    async (round) => {
      const startsAt = `${inDays(10 + round)}T10:00:00+09:00`;

      const answers = await race(oneToOneId, startsAt, CONCURRENT, `solo-${round}`);

      observed[`one-to-one round ${round}`] = statuses(answers);
      expect(statuses(answers)).toEqual({ '201': 1, '409 BOOKING.SLOT_TAKEN': CONCURRENT - 1 });
      for (const answer of answers.filter((a) => a.status === 409)) {
        expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
        expect(answer.body).toMatchObject({ status: 409, code: 'BOOKING.SLOT_TAKEN', request_id: expect.any(String) });
      }
      const winner = answers.find((a) => a.status === 201)!;
      const rows = await query<{ id: string }>(
        `SELECT id FROM booking.bookings WHERE business_id = $1 AND starts_at = $2 AND status IN ('held', 'pending_approval', 'confirmed')`,
        [businessId, startsAt],
      );
      expect(rows).toEqual([{ id: winner.body.id }]);
    },
    120_000,
  );

  test(`When ${CONCURRENT} guests book a class of ${CLASS_CAPACITY} at once, then exactly ${CLASS_CAPACITY} get 201 and the rest 409 BOOKING.CAPACITY_EXCEEDED`, async () => {
    const startsAt = `${inDays(20)}T18:00:00+09:00`;

    const answers = await race(classId, startsAt, CONCURRENT, 'yoga');

    observed.class = statuses(answers);
    expect(statuses(answers)).toEqual({ '201': CLASS_CAPACITY, '409 BOOKING.CAPACITY_EXCEEDED': CONCURRENT - CLASS_CAPACITY });
    const [seats] = await query<{ taken: string }>(
      `SELECT sum(party_size) AS taken FROM booking.bookings WHERE service_id = $1 AND starts_at = $2 AND status IN ('held', 'pending_approval', 'confirmed')`,
      [classId, startsAt],
    );
    expect(Number(seats?.taken)).toBe(CLASS_CAPACITY);
  }, 120_000);

  test('When back-to-back slots [10:00,11:00) and [11:00,12:00) are raced together, then each has one winner; a slot overlapping both has none', async () => {
    const day = inDays(25);

    const [ten, eleven] = await Promise.all([
      race(oneToOneId, `${day}T10:00:00+09:00`, CONCURRENT / 2, 'ten'),
      race(oneToOneId, `${day}T11:00:00+09:00`, CONCURRENT / 2, 'eleven'),
    ]);
    const halfPast = await race(oneToOneId, `${day}T10:30:00+09:00`, 10, 'half-past');

    observed['back-to-back 10:00'] = statuses(ten);
    observed['back-to-back 11:00'] = statuses(eleven);
    observed['overlapping 10:30'] = statuses(halfPast);
    expect(statuses(ten)).toEqual({ '201': 1, '409 BOOKING.SLOT_TAKEN': CONCURRENT / 2 - 1 });
    expect(statuses(eleven)).toEqual({ '201': 1, '409 BOOKING.SLOT_TAKEN': CONCURRENT / 2 - 1 });
    expect(statuses(halfPast)).toEqual({ '409 BOOKING.SLOT_TAKEN': 10 });
  }, 120_000);

  test('When every race is over, then no two active exclusive allocations overlap and no class holds more than its capacity', async () => {
    const overlaps = await query(
      `SELECT a.id, b.id FROM booking.booking_allocations a
         JOIN booking.booking_allocations b
           ON a.business_id = b.business_id AND a.subject_id = b.subject_id AND a.id < b.id AND a.period && b.period
        WHERE a.active AND b.active AND a.exclusive AND b.exclusive`,
    );
    const overbooked = await query(
      `SELECT a.id, sum(o.party_size) AS seats FROM booking.bookings a
         JOIN booking.bookings o ON o.service_id = a.service_id AND tstzrange(o.starts_at, o.ends_at, '[)') && tstzrange(a.starts_at, a.ends_at, '[)')
        WHERE a.service_id = $1 AND a.status IN ('held', 'pending_approval', 'confirmed') AND o.status IN ('held', 'pending_approval', 'confirmed')
        GROUP BY a.id HAVING sum(o.party_size) > $2`,
      [classId, CLASS_CAPACITY],
    );
    const [counted] = await query<{ active: string }>(
      `SELECT count(*) AS active FROM booking.bookings WHERE business_id = $1 AND status IN ('held', 'pending_approval', 'confirmed')`,
      [businessId],
    );

    expect(overlaps).toEqual([]);
    expect(overbooked).toEqual([]);
    // 5 one-slot rounds + 8 seats + two back-to-back slots: nothing more was written than was answered 201.
    expect(Number(counted?.active)).toBe(ROUNDS + CLASS_CAPACITY + 2);
  });
});

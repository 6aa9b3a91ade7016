/**
 * DESIGN §9: `npm start` seeds a demo business when the database has none. The seeding script runs as
 * `npm start` runs it (a Node child process speaking HTTP to the gateway), against a real platform.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunningGateway } from '../../services/gateway/src/app';
import { call, startPlatformGateway } from '../support/gateway';
import { startPlatform, type TestPlatform } from '../support/platform';
import { tokyoTenAm } from '../support/time';

const run = promisify(execFile);
const SCRIPT = join(__dirname, '..', '..', 'scripts', 'lib', 'demo-seed.mjs');

async function seed(url: string) {
  const { stdout } = await run(process.execPath, [SCRIPT, url]);
  return JSON.parse(stdout) as { seeded: boolean; business_id?: string; slug?: string; owner?: { email: string; password: string }; services?: Array<{ id: string; prepayment: string }> };
}

describe('The demo business of npm start', () => {
  let platform: TestPlatform;
  let gateway: RunningGateway;
  let url: string;

  beforeAll(async () => {
    platform = await startPlatform('demoseed');
    gateway = await startPlatformGateway(platform, { RATE_LIMIT_ENABLED: 'false' });
    url = gateway.url;
  });

  afterAll(async () => {
    await gateway?.stop();
    await platform?.stop();
  });

  it('When the database has no business, then a salon with hours, chairs and three ways to pay is seeded; once any business exists, nothing more', async () => {
    const first = await seed(url);
    expect(first.seeded).toBe(true);
    expect(first.services?.map((s) => s.prepayment)).toEqual(['none', 'deposit', 'full']);

    const profile = await call(url, 'GET', `/v1/businesses/${first.slug}`);
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ id: first.business_id, timezone: 'Asia/Tokyo', currency: 'JPY' });

    // Its owner can sign in with the printed credentials and sees the business's bookings.
    const token = await call(url, 'POST', '/v1/auth/token', { email: first.owner!.email, password: first.owner!.password });
    expect(token.status).toBe(200);

    // A guest can book the pay-at-the-salon service (confirmed) and the full-prepayment one (held).
    // A week from tomorrow always has open days (closed on Sundays and national holidays).
    const bookable = tokyoTenAm(1);
    const slots = await call(url, 'GET', `/v1/businesses/${first.business_id}/availability?service_id=${first.services![0].id}&date=${bookable.slice(0, 10)}&days=7`);
    expect(slots.status).toBe(200);
    expect(slots.body.slots.length).toBeGreaterThan(0);
    const [cutSlot, spaSlot] = [slots.body.slots[0].starts_at, slots.body.slots[slots.body.slots.length - 1].starts_at];
    const customer = { name: '山田 花子', email: 'hanako@example.jp', locale: 'ja' };
    const cut = await call(url, 'POST', `/v1/businesses/${first.business_id}/bookings`, { service_id: first.services![0].id, starts_at: cutSlot, customer });
    expect(cut).toMatchObject({ status: 201, body: { status: 'confirmed' } });
    const spa = await call(url, 'POST', `/v1/businesses/${first.business_id}/bookings`, { service_id: first.services![2].id, starts_at: spaSlot, customer });
    expect(spa.status).toBe(201);
    expect(spa.body.status).toBe('held');

    expect(await seed(url)).toEqual({ seeded: false });
    const list = await call(url, 'GET', '/v1/businesses?limit=100');
    expect(list.body.data).toHaveLength(1);
  });
});

import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startHarness, type Harness } from '../support/gateway-harness';
import { metricSample, rateLimit, waitFor } from './protection-kit';

/**
 * A TCP hop between the gateway and the real Redis that the test can cut and restore, so Redis
 * "goes down" for this gateway only (the shared Redis the rest of the run uses never stops).
 */
async function redisProxy(target: URL): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port || 6379), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  return {
    url: `redis://127.0.0.1:${port}`,
    cut: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
    restore: listen,
  };
}

describe('Rate limits when Redis is down', () => {
  let h: Harness;
  let proxy: Awaited<ReturnType<typeof redisProxy>>;
  const get = () => h.request('GET', `/v1/businesses/${randomUUID()}`, { anonymous: true });
  const failOpens = async () =>
    metricSample((await h.request('GET', '/metrics', { anonymous: true })).body, 'rate_limit_fail_open_total', { policy: 'anonymous' }) ?? 0;

  beforeAll(async () => {
    proxy = await redisProxy(new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'));
    h = await startHarness({ REDIS_URL: proxy.url, RATE_LIMIT_ANONYMOUS: '3/30s' });
  });
  afterAll(async () => {
    await h.close();
    await proxy.cut();
  });

  test('When Redis goes away, then requests are served without a limit (fail open), counted and logged; when it is back, limits apply again', async () => {
    expect((await Promise.all([get(), get(), get(), get()])).map((answer) => answer.status).sort()).toEqual([404, 404, 404, 429]);

    await proxy.cut();
    const during = await Promise.all(Array.from({ length: 10 }, get));

    expect(during.map((answer) => answer.status)).toEqual(Array(10).fill(404));
    for (const answer of during) expect(answer.headers.get('ratelimit')).toBeNull();
    expect(await failOpens()).toBeGreaterThanOrEqual(10);
    // Throttled: one warning for the whole burst, not one per request.
    expect(h.logs.filter((line) => line.msg === 'rate limit skipped: redis unavailable, serving without a limit')).toHaveLength(1);

    await proxy.restore();
    // ioredis reconnects on its own backoff; the window's counter survived in Redis, so the IP is still over.
    await waitFor(async () => (await get()).headers.get('ratelimit') !== null, 15_000, 200);
    const after = await get();
    expect(after.status).toBe(429);
    expect(rateLimit(after.headers)).toMatchObject({ policy: 'anonymous', r: 0 });
  });
});

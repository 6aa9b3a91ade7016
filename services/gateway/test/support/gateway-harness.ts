import { Writable } from 'node:stream';
import { createLogger } from '@omotenashi/logging';
import { startGateway, type RunningGateway } from '../../src/app';
import { loadGatewayConfig } from '../../src/config';
import { identityFixture, type DefaultCaller } from '../identity/support/identity-fixture';
import { startFakeDownstreams, type FakeDownstreams } from './fake-downstreams';

export interface Harness {
  gateway: RunningGateway;
  fakes: FakeDownstreams;
  /** Every log line the gateway wrote, parsed. */
  logs: Record<string, unknown>[];
  /** Signed up at start; requests go as this owner unless `anonymous` or an Authorization header says otherwise. */
  caller: DefaultCaller;
  databaseUrl: string;
  request(
    method: string,
    path: string,
    init?: { body?: unknown; rawBody?: string; headers?: Record<string, string>; anonymous?: boolean },
  ): Promise<HttpAnswer>;
  close(): Promise<void>;
  /** Drops the test database and Redis keys only, for a test that stopped the gateway itself. */
  dropTestData(): Promise<void>;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON answers
  body: any;
}

/** Fake downstreams on port 0, then the real gateway (real config schema, real listen) pointed at them. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const identity = await identityFixture();
  const started: { stop: Array<() => Promise<unknown>> } = { stop: [] };
  try {
    return await startOn(identity, env, started);
  } catch (error) {
    // A harness that did not start leaves nothing behind: no gateway, no fakes, no test database.
    for (const stop of started.stop.reverse()) await stop().catch(() => undefined);
    await identity.cleanup();
    throw error;
  }
}

async function startOn(identity: Awaited<ReturnType<typeof identityFixture>>, env: Record<string, string>, started: { stop: Array<() => Promise<unknown>> }): Promise<Harness> {
  const fakes = await startFakeDownstreams();
  started.stop.push(() => fakes.stopAll());
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      callback();
    },
  });
  const config = loadGatewayConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    // Functional tests all come from one IP and sign up often: quotas they won't meet (the identity
    // fixture gives each gateway its own Redis prefix); test/protection sets small ones on purpose.
    RATE_LIMIT_ANONYMOUS: '10000/60s',
    RATE_LIMIT_AUTH: '10000/60s',
    ...identity.env,
    ...fakes.env,
    ...env,
  });
  const gateway = await startGateway(config, createLogger('gateway-server', { level: 'info', destination }));
  started.stop.push(() => gateway.stop());
  const caller = await identity.signUpDefaultCaller(gateway.url);

  return {
    gateway,
    fakes,
    logs,
    caller,
    databaseUrl: identity.databaseUrl,
    async request(method, path, init = {}) {
      const hasBody = init.body !== undefined || init.rawBody !== undefined;
      const auth = init.anonymous || init.headers?.authorization !== undefined ? {} : await caller.headersFor(path);
      const response = await fetch(gateway.url + path, {
        method,
        headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...auth, ...init.headers },
        body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
      });
      const text = await response.text();
      const type = response.headers.get('content-type') ?? '';
      return { status: response.status, headers: response.headers, body: type.includes('json') && text ? JSON.parse(text) : text };
    },
    async close() {
      // The test database and Redis keys go even when stopping the gateway or a fake fails.
      try {
        await gateway.stop();
        await fakes.stopAll();
      } finally {
        await identity.cleanup();
      }
    },
    dropTestData: () => identity.cleanup(),
  };
}

/** What every problem answer must look like, whatever went wrong. */
export function expectProblem(answer: HttpAnswer, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(answer.body).toEqual(
    expect.objectContaining({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) }),
  );
  expect(answer.body.request_id).toBe(answer.headers.get('x-request-id'));
  expect(JSON.stringify(answer.body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
}

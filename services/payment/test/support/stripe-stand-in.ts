import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { publicIntent, StandInApi, StandInError, type StandInIntent, type StandInResponse } from './stripe-stand-in-api';

export type { StandInIntent } from './stripe-stand-in-api';

/**
 * A local Stripe for tests: a `node:http` server on 127.0.0.1 that the official SDK talks to (give
 * it `apiBase`). Form-encoded requests, Stripe-shaped JSON, Idempotency-Key replay, and `hang(true)`
 * to hold every request unanswered so a caller's timeout fires. Held requests are processed when
 * released, as Stripe may have done the work before a response was lost.
 */
export interface StripeStandIn {
  apiBase: string;
  port: number;
  hang(on: boolean): void;
  intents(): Map<string, StandInIntent>;
  /** Intents created (replays not counted), for one idempotency key or in all. */
  createCount(idempotencyKey?: string): number;
  /** Successful authorizations: money taken or held. */
  chargeCount(): number;
  /** Every request received, in order, with the idempotency key it carried. */
  requests(): Array<{ method: string; path: string; idempotencyKey?: string }>;
  /** What a payer's Stripe.js does: confirm with a test payment method (`pm_card_visa`, …). */
  confirm(intentId: string, paymentMethod: string): StandInResponse;
  /** The payer's answer on the 3-D Secure page. */
  authenticate(intentId: string, approve: boolean): StandInResponse;
  /** A Stripe event for the intent as it is now, e.g. `event('payment_intent.succeeded', id)`. */
  event(type: string, intentId: string, created?: number): { id: string; object: 'event'; type: string; created: number; data: { object: object } };
  signedWebhook(event: object, secret: string, timestamp?: number): { body: string; header: string };
  close(): Promise<void>;
}

type Params = Record<string, unknown>;
const signer = new Stripe('sk_test_stand_in_signer');

/** `metadata[booking_id]=x` → `{ metadata: { booking_id: 'x' } }`, as Stripe reads its form bodies. */
function parseForm(body: string): Params {
  const result: Params = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/[[\]]+/).filter(Boolean);
    let target = result;
    for (const part of path.slice(0, -1)) target = (target[part] ??= {}) as Params;
    target[path[path.length - 1]] = value;
  }
  return result;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function route(api: StandInApi, method: string, path: string, params: Params, idempotencyKey?: string): StandInResponse {
  const match = /^\/v1\/payment_intents\/([^/]+)(?:\/(confirm|capture|cancel))?$/.exec(path);
  const challenge = /^\/_stand-in\/3ds\/([^/]+)$/.exec(path);
  if (method === 'POST' && path === '/v1/payment_intents') return api.createIntent(params, idempotencyKey);
  if (method === 'GET' && match && !match[2]) return { status: 200, body: publicIntent(api.retrieve(decodeURIComponent(match[1]))) };
  if (method === 'POST' && match?.[2] === 'confirm') return api.confirm(decodeURIComponent(match[1]), params);
  if (method === 'POST' && match?.[2] === 'capture') return api.capture(decodeURIComponent(match[1]), params);
  if (method === 'POST' && match?.[2] === 'cancel') return api.cancel(decodeURIComponent(match[1]), params);
  if (method === 'POST' && path === '/v1/refunds') return api.refund(params);
  if (method === 'POST' && challenge) return api.authenticate(decodeURIComponent(challenge[1]), params.approve !== 'false');
  throw new StandInError(404, 'invalid_request_error', undefined, `Unrecognized request URL (${method}: ${path}).`);
}

export async function startStripeStandIn(): Promise<StripeStandIn> {
  let apiBase = '';
  const api = new StandInApi(() => apiBase);
  const replies = new Map<string, { fingerprint: string; response: StandInResponse }>();
  const log: Array<{ method: string; path: string; idempotencyKey?: string }> = [];
  let hanging = false;
  let held: Array<() => void> = [];

  const answer = (req: IncomingMessage, path: string, body: string): { response: StandInResponse; replayed?: boolean } => {
    const challengePage = path.startsWith('/_stand-in/'); // the payer's browser, not an API client
    if (!challengePage && !/^Bearer sk_(test|live)_\w+$/.test(req.headers.authorization ?? '')) {
      return { response: new StandInError(401, 'invalid_request_error', undefined, 'Invalid API Key provided.').toResponse() };
    }
    const key = req.headers['idempotency-key'] as string | undefined;
    const fingerprint = `${req.method} ${path} ${body}`;
    const previous = key && req.method === 'POST' ? replies.get(key) : undefined;
    if (previous && previous.fingerprint !== fingerprint) {
      const message = 'Keys for idempotent requests can only be used with the same parameters they were first used with.';
      return { response: new StandInError(400, 'idempotency_error', undefined, message).toResponse() };
    }
    if (previous) return { response: previous.response, replayed: true };
    let response: StandInResponse;
    try {
      const params = parseForm(body);
      response = route(api, req.method ?? 'GET', path, params, key);
    } catch (error) {
      if (!(error instanceof StandInError)) throw error;
      response = error.toResponse();
    }
    // As at Stripe, a request refused by parameter validation never started executing: nothing is saved.
    const code = (response.body as { error?: { code?: string } }).error?.code ?? '';
    if (key && req.method === 'POST' && !code.startsWith('parameter_')) replies.set(key, { fingerprint, response });
    return { response };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const body = req.method === 'GET' ? url.searchParams.toString() : [await readBody(req), url.searchParams.toString()].filter(Boolean).join('&');
    log.push({ method: req.method ?? 'GET', path: url.pathname, idempotencyKey: req.headers['idempotency-key'] as string | undefined });
    const respond = () => {
      const { response, replayed } = answer(req, url.pathname, body);
      if (res.destroyed) return; // the caller gave up; the work above is done regardless, as at Stripe
      res.writeHead(response.status, {
        'content-type': 'application/json',
        'request-id': `req_${randomBytes(8).toString('hex')}`,
        ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
      });
      res.end(JSON.stringify(response.body));
    };
    if (hanging) held.push(respond);
    else respond();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'api_error', message: error.message } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  apiBase = `http://127.0.0.1:${port}`;

  return {
    apiBase,
    port,
    hang(on) {
      hanging = on;
      if (on) return;
      const release = held;
      held = [];
      for (const respond of release) respond();
    },
    intents: () => api.intents,
    createCount: (key) => (key === undefined ? [...api.creates.values()].reduce((sum, n) => sum + n, 0) : api.creates.get(key) ?? 0),
    chargeCount: () => api.charges,
    requests: () => [...log],
    confirm: (intentId, paymentMethod) => api.confirm(intentId, { payment_method: paymentMethod }),
    authenticate: (intentId, approve) => api.authenticate(intentId, approve),
    event: (type, intentId, created = Math.floor(Date.now() / 1000)) => ({
      id: `evt_${randomBytes(12).toString('hex')}`,
      object: 'event',
      type,
      created,
      data: { object: publicIntent(api.retrieve(intentId)) },
    }),
    signedWebhook(event, secret, timestamp = Math.floor(Date.now() / 1000)) {
      const body = JSON.stringify(event);
      return { body, header: signer.webhooks.generateTestHeaderString({ payload: body, secret, timestamp }) };
    },
    async close() {
      hanging = false;
      held = [];
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

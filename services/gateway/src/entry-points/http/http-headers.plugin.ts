import cors from '@fastify/cors';
import etag from '@fastify/etag';
import type helmet from '@fastify/helmet';
import { createRequire } from 'node:module';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export interface HttpHeadersOptions {
  /** Browser origins allowed by CORS (`*` for any); empty: no cross-origin browser access. */
  corsOrigins: readonly string[];
}

/** JSON answers are never rendered as pages: nothing may load, frame or submit from them. */
const API_CSP = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** Request headers a browser app may send, and answer headers it may read. */
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Accept-Language', 'Idempotency-Key', 'If-None-Match', 'X-Request-Id', 'X-Manage-Token'];
const EXPOSED_HEADERS = [
  'ETag',
  'Location',
  'Content-Language',
  'Retry-After',
  'RateLimit',
  'RateLimit-Policy',
  'X-Request-Id',
];

/**
 * Security headers (helmet's, computed once; /docs loosens the CSP for itself), CORS from `CORS_ORIGINS`, and weak ETags
 * with `If-None-Match` → 304 on GET and HEAD. Registered before the routes, at the root.
 */
export const httpHeadersPlugin = fp<HttpHeadersOptions>(
  async (app, { corsOrigins }) => {
    const security = helmetHeaders({
      contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
      xFrameOptions: { action: 'deny' },
    });
    app.addHook('onRequest', (_request, reply, done) => {
      void reply.headers(security);
      done();
    });

    if (corsOrigins.length > 0) {
      await app.register(cors, {
        origin: corsOrigins.includes('*') ? '*' : [...corsOrigins],
        methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowedHeaders: ALLOWED_HEADERS,
        exposedHeaders: EXPOSED_HEADERS,
        // Bearer tokens, never cookies: browsers need not send credentials.
        credentials: false,
        maxAge: 600,
      });
    }

    // The hash is taken from the body before compression (compress hooks each route, so runs later):
    // a weak tag, since gzip and br bodies of one representation share it.
    await app.register(etag, { weak: true, replyWith304: false });
    app.addHook('onSend', (request, reply, payload, done) => {
      done(null, isNotModified(request, reply) ? notModified(reply) : payload);
    });
  },
  { name: 'http-headers' },
);

type HelmetOptions = NonNullable<Parameters<typeof helmet>[1]>;
type HeaderSink = { setHeader(name: string, value: string): void; removeHeader(name: string): void };
type HelmetMiddleware = (req: unknown, res: HeaderSink, next: (error?: unknown) => void) => void;
/** helmet itself, as @fastify/helmet resolves it (its own dependency, whatever version it pins). */
const helmetOf = createRequire(require.resolve('@fastify/helmet'))('helmet') as (options: HelmetOptions) => HelmetMiddleware;

/**
 * The headers helmet sets with these options, computed once: @fastify/helmet builds helmet's middleware
 * again (and re-parses the CSP) on every request, for headers that never change. Routes may still
 * override one (the /docs CSP).
 */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const sink: HeaderSink = {
    setHeader: (name, value) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name) => void delete headers[name.toLowerCase()],
  };
  helmetOf(options)({}, sink, (error) => {
    if (error) throw error;
  });
  return headers;
}

function isNotModified(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (reply.statusCode !== 200) return false;
  const tag = reply.getHeader('etag');
  const ifNoneMatch = request.headers['if-none-match'];
  return typeof tag === 'string' && typeof ifNoneMatch === 'string' && ifNoneMatchHits(ifNoneMatch, tag);
}

/** RFC 9110 §13.1.2: `*`, or any listed tag equal to ours under weak comparison (W/ ignored). */
export function ifNoneMatchHits(header: string, tag: string): boolean {
  const opaque = (value: string) => value.trim().replace(/^W\//, '');
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => opaque(candidate) === opaque(tag));
}

function notModified(reply: FastifyReply): string {
  void reply.code(304);
  reply.removeHeader('content-type');
  reply.removeHeader('content-length');
  return '';
}

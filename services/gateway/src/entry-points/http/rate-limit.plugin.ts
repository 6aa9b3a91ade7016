import { keyPrefix, throttledWarning, type Redis } from '@omotenashi/cache';
import { AppError } from '@omotenashi/errors';
import type { Logger } from '@omotenashi/logging';
import { counter } from '@omotenashi/metrics';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { RateLimitQuota } from '../../config';
import type { Caller } from './auth-context';
import { sendProblem } from './problem-errors.plugin';
import { fixedWindowCounter } from './rate-limit.script';

/** Which quota a request spends: one bucket per request, named like the policy in the RateLimit headers. */
export type RateLimitPolicy = 'anonymous' | 'user' | 'api_key' | 'auth';

export interface RateLimitOptions {
  redis: Redis;
  /** REDIS_KEY_PREFIX: counters live under `keyPrefix(REDIS_KEY_PREFIX, 'gateway')ratelimit:`. */
  redisKeyPrefix: string;
  policies: Record<RateLimitPolicy, RateLimitQuota>;
}

const rejections = counter({
  name: 'rate_limit_rejections_total',
  help: 'Requests answered 429 because their rate-limit bucket was exhausted, by policy',
  labelNames: ['policy'],
});
const failOpens = counter({
  name: 'rate_limit_fail_open_total',
  help: 'Requests served without a rate-limit check because Redis was unreachable (fail open)',
  labelNames: ['policy'],
});

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false`: no per-caller limit (payment providers' webhooks, which come in bursts from a few addresses and are signed). */
    rateLimit?: false;
  }
}

const ANONYMOUS: Caller = { kind: 'anonymous' };
const CREDENTIAL_ROUTES = '/v1/auth/';

export const rateLimited = (retryAfterSeconds: number) =>
  new AppError('COMMON.RATE_LIMITED', `Too many requests: try again in ${retryAfterSeconds} s`, {
    kind: 'rate_limited',
    retryAfterSeconds,
  });

/**
 * Rate limits per API key, per user and per client IP (anonymous), plus a stricter per-IP bucket for
 * the credential routes, counted in Redis so every gateway pod shares them. Register it in the /v1
 * scope after authentication: it reads `request.caller` when each request arrives.
 *
 * Headers follow draft-ietf-httpapi-ratelimit-headers-10 (September 2025), whose policy names are
 * sf-strings: `RateLimit-Policy: "user";q=600;w=60` and `RateLimit: "user";r=599;t=60` on every
 * limited response; a 429 adds `Retry-After` equal to `t`.
 *
 * Redis down or slow: fail open. The request is served without RateLimit headers, the metric
 * `rate_limit_fail_open_total` counts it and one warning per 10 s says so. Refusing all traffic
 * because a protection layer is down would turn a Redis blip into a full outage.
 */
export const rateLimitPlugin = fp<RateLimitOptions>(
  async (app, { redis, redisKeyPrefix, policies }) => {
    const hit = fixedWindowCounter(redis);
    const prefix = `${keyPrefix(redisKeyPrefix, 'gateway')}ratelimit:`;
    const warn = throttledWarning(app.log as Logger);

    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config.rateLimit === false) return;
      const { policy, partition } = bucketOf(request);
      const { quota, windowSeconds } = policies[policy];
      let window;
      try {
        // A client already known to be disconnected would queue the command until commandTimeout.
        if (!isUsable(redis)) throw new Error(`redis is ${redis.status}`);
        window = await hit(`${prefix}${policy}:${partition}`, windowSeconds * 1000);
      } catch (error) {
        failOpens.inc({ policy });
        warn({ err: (error as Error).message, policy }, 'rate limit skipped: redis unavailable, serving without a limit');
        return;
      }
      const resetSeconds = Math.max(1, Math.ceil(window.ttlMs / 1000));
      void reply
        .header('ratelimit-policy', `"${policy}";q=${quota};w=${windowSeconds}`)
        .header('ratelimit', `"${policy}";r=${Math.max(0, quota - window.count)};t=${resetSeconds}`);
      if (window.count <= quota) return;
      rejections.inc({ policy });
      return sendProblem(request, reply, rateLimited(resetSeconds));
    });
  },
  { name: 'rate-limit' },
);

function bucketOf(request: FastifyRequest): { policy: RateLimitPolicy; partition: string } {
  if (request.routeOptions.url?.startsWith(CREDENTIAL_ROUTES)) return { policy: 'auth', partition: clientNetwork(request.ip) };
  // Until (or if ever) no authentication hook ran, every caller is anonymous.
  const caller = request.caller ?? ANONYMOUS;
  switch (caller.kind) {
    case 'api_key':
      return { policy: 'api_key', partition: caller.apiKeyId };
    case 'user':
      return { policy: 'user', partition: caller.userId };
    default:
      return { policy: 'anonymous', partition: clientNetwork(request.ip) };
  }
}

function isUsable(redis: Redis): boolean {
  return redis.status !== 'reconnecting' && redis.status !== 'close' && redis.status !== 'end';
}

/**
 * The client's address as a rate-limit partition. IPv6 clients get a whole /64 (what one subscriber
 * is usually assigned), or rotating through their own addresses would give them endless buckets.
 */
export function clientNetwork(ip: string): string {
  const address = ip.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1] as string;
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

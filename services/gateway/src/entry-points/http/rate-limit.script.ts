import type { Redis } from '@omotenashi/cache';

/**
 * Fixed-window counter, atomic in one Lua call: INCR the window's key, and when the key is new (or
 * somehow lost its TTL) give it the window's length with PEXPIRE. Returns the count so far and the
 * milliseconds left in the window. The window starts at a key's first request (not at a clock
 * boundary), so every caller gets a full window. Denied requests count too: they don't extend the
 * window, and the client learns the real reset time from `t`.
 *
 * Why a fixed window: it admits exactly `quota` requests per window, costs one key and one round
 * trip, and maps one-to-one onto the RateLimit draft's `q`, `w`, `r` and `t`. Its known weakness,
 * up to 2× quota across a window boundary, is acceptable for abuse protection; a sliding window or
 * GCRA would smooth that at the price of `r`/`t` that clients find harder to reason about.
 */
const FIXED_WINDOW_LUA = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }
`;

export interface WindowHit {
  /** Requests counted in the current window, this one included. */
  count: number;
  /** Milliseconds until the window ends and the count starts again from zero. */
  ttlMs: number;
}

type WithHitCommand = Redis & { rateLimitHit(key: string, windowMs: number): Promise<[number, number]> };

/** Registers the script on the client once (ioredis sends EVALSHA, falling back to EVAL after a Redis restart). */
export function fixedWindowCounter(redis: Redis): (key: string, windowMs: number) => Promise<WindowHit> {
  if (!('rateLimitHit' in redis)) redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: FIXED_WINDOW_LUA });
  const client = redis as WithHitCommand;
  return async (key, windowMs) => {
    const [count, ttlMs] = await client.rateLimitHit(key, windowMs);
    return { count, ttlMs };
  };
}

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Deletes the lock only when it still holds our token, so a slow owner never frees a successor's lock. */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export type LockAttempt = { acquired: true; token: string } | { acquired: false };

export interface LoadLockOptions {
  /** Longest a loader is expected to run; after this another process may load too. */
  ttlMs?: number;
  /** How long a process that lost the race waits for the winner before loading itself. */
  waitMs?: number;
  /** First gap between polls; it grows to at most 200 ms. */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A short-lived `SET NX PX` lock so replicas missing the same cold key load it once between them. */
export class LoadLock {
  private readonly ttlMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly redis: Redis,
    options: LoadLockOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5_000;
    this.waitMs = options.waitMs ?? 2_000;
    this.pollMs = options.pollMs ?? 20;
  }

  async tryAcquire(lockKey: string): Promise<LockAttempt> {
    const token = randomUUID();
    const reply = await this.redis.set(lockKey, token, 'PX', this.ttlMs, 'NX');
    return reply === 'OK' ? { acquired: true, token } : { acquired: false };
  }

  async release(lockKey: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, lockKey, token);
  }

  /** The value the lock owner stored; null when the owner finished without one or took longer than `waitMs`. */
  async waitForValue(key: string, lockKey: string): Promise<string | null> {
    const deadline = Date.now() + this.waitMs;
    let pause = this.pollMs;
    while (Date.now() < deadline) {
      await sleep(pause);
      pause = Math.min(pause * 1.5, 200);
      const [raw, locked] = await Promise.all([this.redis.get(key), this.redis.exists(lockKey)]);
      if (raw !== null || locked === 0) return raw;
    }
    return null;
  }
}

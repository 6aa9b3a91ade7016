import type { Logger } from '@omotenashi/logging';
import type { Redis } from 'ioredis';
import { cacheMetrics } from './cache-metrics';
import { keyPrefix } from './key-prefix';
import type { CacheEntry, CacheLayer } from './cache-keys';
import { LoadLock, type LoadLockOptions } from './load-lock';
import { SingleFlight } from './single-flight';
import { throttledWarning, type Warn } from './throttled-warning';

export interface CacheWriteOptions {
  ttlSeconds: number;
  layer: CacheLayer;
}

export interface CacheOptions {
  redis: Redis;
  redisKeyPrefix: string;
  service: string;
  logger?: Logger;
  lock?: LoadLockOptions;
}

type Target = CacheEntry | string;
type ReadResult<T> = { value: T; loaded: boolean };
/** Metric label when a caller names a key without its layer. */
const UNKNOWN_LAYER = 'unknown';
/** Client states in which a command would only wait for a timeout: skip Redis at once instead. */
const DOWN_STATES = new Set(['reconnecting', 'close', 'end']);
/**
 * One round trip for a versioned read: the namespace's versions (`KEYS`, each 0 until its first bump, or
 * again after it expired) joined with dots in key order, then the entry stored under that tuple (`ARGV[1]`
 * is the entry's key up to the version). A bump raises one component, so the tuple never returns to one an
 * entry was stored under while that entry can still be alive: versions only go up, and a version key that
 * may expire (bumpVersions' idle TTL) only does so long after every entry read under it has expired.
 */
const VERSIONED_GET = `local parts = {}
for i, v in ipairs(redis.call('MGET', unpack(KEYS))) do
  parts[i] = v or '0'
end
local version = table.concat(parts, '.')
return {version, redis.call('GET', ARGV[1] .. version)}`;

/**
 * Read-through JSON cache for one service namespace. Redis only accelerates: every Redis failure is
 * logged (throttled), counted, and answered from the loader. Absent values (`undefined`, `null`) are
 * never stored, so a record created right after a "not found" is visible at once.
 */
export class Cache {
  readonly prefix: string;
  private readonly redis: Redis;
  private readonly service: string;
  private readonly lock: LoadLock;
  private readonly flights = new SingleFlight();
  private readonly warn: Warn;
  /** Bumped by every invalidation: a load that started before one must not write its older value back. */
  private generation = 0;

  constructor(options: CacheOptions) {
    this.redis = options.redis;
    this.service = options.service;
    this.prefix = keyPrefix(options.redisKeyPrefix, options.service);
    this.lock = new LoadLock(options.redis, options.lock);
    this.warn = throttledWarning(options.logger);
  }

  getOrLoad<T>(entry: CacheEntry, loader: () => Promise<T>): Promise<T>;
  getOrLoad<T>(key: string, loader: () => Promise<T>, options: CacheWriteOptions): Promise<T>;
  async getOrLoad<T>(target: Target, loader: () => Promise<T>, options?: CacheWriteOptions): Promise<T> {
    const entry = toEntry(target, options);
    const labels = { service: this.service, layer: entry.layer };
    // The generation in the flight key keeps callers after an invalidation from joining a load that predates it.
    const flightKey = `${this.generation}:${entry.key}`;
    const { promise, leader } = this.flights.run(flightKey, () => this.readThrough(entry, loader));
    const { value, loaded } = await promise;
    // Callers that joined an in-flight load cost the database nothing, so they count as hits.
    (leader && loaded ? cacheMetrics.misses : cacheMetrics.hits).inc(labels);
    return value as T;
  }

  /**
   * Like getOrLoad, for entries forgotten together by bumping one of their version keys (`bumpVersion`,
   * `bumpVersions`): the entry lives under `${entry.key}:v${the versions joined by dots}`, read in the same
   * round trip as the versions. After a bump of any of them every reader asks for a key nobody wrote yet; the
   * old entries are never read again and expire by their TTL. A load that began before a bump stores under
   * the old versions, so it can't bring back what the bump forgot. An entry must always be read with the
   * same version keys in the same order (they follow from its key).
   */
  async getOrLoadVersioned<T>(entry: CacheEntry, versionKeys: string | readonly string[], loader: () => Promise<T>): Promise<T> {
    const keys = typeof versionKeys === 'string' ? [versionKeys] : [...versionKeys];
    if (keys.length === 0) throw new Error(`cache entry ${entry.key} needs at least one version key`);
    const labels = { service: this.service, layer: entry.layer };
    let found: [string, string?];
    try {
      const prefixed = keys.map((key) => this.prefix + key);
      found = (await this.whenUp(() => this.redis.eval(VERSIONED_GET, prefixed.length, ...prefixed, `${this.prefix}${entry.key}:v`))) as [string, string?];
    } catch (error) {
      this.failOpen(error, entry.layer, 'get', undefined);
      cacheMetrics.misses.inc(labels);
      return this.load(entry, loader);
    }
    const [version, raw] = found;
    if (typeof raw === 'string') {
      cacheMetrics.hits.inc(labels);
      return JSON.parse(raw) as T;
    }
    const versioned = { ...entry, key: `${entry.key}:v${version}` };
    // The version in the flight key keeps callers after a bump from joining a load that predates it.
    const { promise, leader } = this.flights.run(`versioned:${versioned.key}`, () => this.readThrough(versioned, loader, { missed: true }));
    const { value, loaded } = await promise;
    (leader && loaded ? cacheMetrics.misses : cacheMetrics.hits).inc(labels);
    return value as T;
  }

  /** Forgets every entry read through `getOrLoadVersioned` with this version key (one INCR); never throws. */
  async bumpVersion(versionKey: string, layer: CacheLayer | typeof UNKNOWN_LAYER = UNKNOWN_LAYER): Promise<void> {
    await this.bumpVersions([versionKey], layer);
  }

  /**
   * Forgets every entry read through `getOrLoadVersioned` with any of these version keys: one INCR each, all
   * in one MULTI (one round trip). Never throws: a failure is logged and counted, the TTL bounds staleness.
   * Without `idleTtlSeconds` a version key lives for ever. With it, each bump (re)sets that TTL, so a key
   * nobody bumps for that long disappears and reads as 0 again: safe only when it is far longer than the
   * TTL of any entry read under the key (that entry expired long before, so the old tuple can't be hit).
   */
  async bumpVersions(versionKeys: readonly string[], layer: CacheLayer | typeof UNKNOWN_LAYER = UNKNOWN_LAYER, idleTtlSeconds?: number): Promise<void> {
    if (versionKeys.length === 0) return;
    try {
      const results = await this.whenUp(() => {
        const multi = this.redis.multi();
        for (const key of new Set(versionKeys)) {
          multi.incr(this.prefix + key);
          if (idleTtlSeconds) multi.expire(this.prefix + key, idleTtlSeconds);
        }
        return multi.exec();
      });
      const failed = results?.find(([error]) => error);
      if (!results || failed) throw failed?.[0] ?? new Error('MULTI was discarded');
    } catch (error) {
      this.failOpen(error, layer, 'bumpVersion', undefined);
    }
  }

  get<T>(entry: CacheEntry): Promise<T | undefined>;
  get<T>(key: string, layer: CacheLayer): Promise<T | undefined>;
  async get<T>(target: Target, layerOfKey?: CacheLayer): Promise<T | undefined> {
    const key = typeof target === 'string' ? target : target.key;
    const layer = typeof target === 'string' ? (layerOfKey ?? UNKNOWN_LAYER) : target.layer;
    const labels = { service: this.service, layer };
    const raw = await this.whenUp(() => this.redis.get(this.prefix + key)).catch((error) => this.failOpen(error, layer, 'get', null));
    (raw === null ? cacheMetrics.misses : cacheMetrics.hits).inc(labels);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  set<T>(entry: CacheEntry, value: T): Promise<void>;
  set<T>(key: string, value: T, options: CacheWriteOptions): Promise<void>;
  async set<T>(target: Target, value: T, options?: CacheWriteOptions): Promise<void> {
    await this.store(toEntry(target, options), value);
  }

  /** Invalidation never fails the write that caused it; a failure is logged and counted, the TTL bounds staleness. */
  async delete(...targets: Target[]): Promise<number> {
    this.generation++;
    if (targets.length === 0) return 0;
    const keys = targets.map((t) => this.prefix + (typeof t === 'string' ? t : t.key));
    const layer = typeof targets[0] === 'string' ? UNKNOWN_LAYER : targets[0]!.layer;
    return this.whenUp(() => this.redis.unlink(...keys)).catch((error: unknown) => this.failOpen(error, layer, 'delete', 0));
  }

  /** Removes every key starting with `prefix` (relative to this namespace), e.g. all availability of a business. */
  async deleteByPrefix(prefix: string, layer: CacheLayer | typeof UNKNOWN_LAYER = UNKNOWN_LAYER): Promise<number> {
    this.generation++;
    const pattern = this.prefix + prefix.replace(/[*?[\]\\]/g, '\\$&') + '*';
    let removed = 0;
    try {
      let cursor = '0';
      do {
        const [next, keys] = await this.whenUp(() => this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500));
        cursor = next;
        if (keys.length > 0) removed += await this.redis.unlink(...keys);
      } while (cursor !== '0');
    } catch (error) {
      this.failOpen(error, layer, 'deleteByPrefix', 0);
    }
    return removed;
  }

  /**
   * `missed`: the caller just read the key and found nothing (skip that GET); such keys are versioned, so
   * whatever the load produces is stored, bump or not.
   */
  private async readThrough<T>(entry: CacheEntry, loader: () => Promise<T>, options: { missed?: boolean } = {}): Promise<ReadResult<T>> {
    const key = this.prefix + entry.key;
    const lockKey = `${this.prefix}lock:${entry.key}`;
    let attempt;
    try {
      const raw = options.missed ? null : await this.whenUp(() => this.redis.get(key));
      if (raw !== null) return { value: JSON.parse(raw) as T, loaded: false };
      attempt = await this.whenUp(() => this.lock.tryAcquire(lockKey));
    } catch (error) {
      this.failOpen(error, entry.layer, 'get', undefined);
      return { value: await this.load(entry, loader), loaded: true };
    }
    if (!attempt.acquired) {
      const raw = await this.lock.waitForValue(key, lockKey).catch((error) => this.failOpen(error, entry.layer, 'wait', null));
      if (raw !== null) return { value: JSON.parse(raw) as T, loaded: false };
    }
    const generation = this.generation;
    try {
      const value = await this.load(entry, loader);
      if (options.missed || generation === this.generation) await this.store(entry, value);
      return { value, loaded: true };
    } finally {
      if (attempt.acquired) await this.lock.release(lockKey, attempt.token).catch(() => undefined);
    }
  }

  private async load<T>(entry: CacheEntry, loader: () => Promise<T>): Promise<T> {
    const stopTimer = cacheMetrics.loadDuration.startTimer({ service: this.service, layer: entry.layer });
    try {
      return await loader();
    } finally {
      stopTimer();
    }
  }

  private async store(entry: CacheEntry, value: unknown): Promise<void> {
    if (value === undefined || value === null) return;
    const key = this.prefix + entry.key;
    await this.whenUp(() => this.redis.set(key, JSON.stringify(value), 'EX', entry.ttlSeconds)).catch((error) =>
      this.failOpen(error, entry.layer, 'set', undefined),
    );
  }

  private async whenUp<R>(command: () => Promise<R>): Promise<R> {
    if (DOWN_STATES.has(this.redis.status)) throw new Error(`redis connection is ${this.redis.status}`);
    return command();
  }

  private failOpen<F>(error: unknown, layer: string, operation: string, fallback: F): F {
    cacheMetrics.errors.inc({ service: this.service, layer });
    this.warn({ service: this.service, layer, operation, err: error instanceof Error ? error.message : String(error) }, 'cache unavailable, serving without it');
    return fallback;
  }
}

function toEntry(target: Target, options?: CacheWriteOptions): CacheEntry {
  if (typeof target !== 'string') return target;
  if (!options) throw new Error(`cache key ${target} needs ttlSeconds and layer`);
  return { key: target, ...options };
}

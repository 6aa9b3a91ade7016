/**
 * Every cache key and TTL of the platform (DESIGN §7, from the seed). Keys here are relative to a
 * service's namespace; `Cache` adds `${REDIS_KEY_PREFIX}:${service}:` in front.
 */

/** Metric label of each cache layer; one per row of the seed's table. */
export type CacheLayer = 'business' | 'availability' | 'session' | 'service_catalog' | 'analytics';

/** Sessions have no fixed TTL: they live exactly as long as the token they describe. */
export const CACHE_TTL_SECONDS = {
  business: 5 * 60,
  availability: 60,
  service_catalog: 10 * 60,
  analytics: 15 * 60,
} as const satisfies Record<Exclude<CacheLayer, 'session'>, number>;

/**
 * How long a per-date availability version key survives without a bump: a week, against answers that
 * live a minute, so when it goes (and reads as 0 again) no answer stored under it is still alive.
 */
export const AVAILABILITY_DATE_VERSION_IDLE_TTL_SECONDS = 7 * 24 * 3600;

export interface CacheEntry {
  key: string;
  layer: CacheLayer;
  ttlSeconds: number;
}

/**
 * Ids and dates come from requests; a `:` or a glob character in one could make a key of one tenant
 * collide with, or a prefix delete reach into, another tenant's keys.
 */
function segment(value: string | number): string {
  const text = String(value);
  if (!/^[A-Za-z0-9._@+=-]{1,200}$/.test(text)) throw new Error(`invalid cache key segment: ${JSON.stringify(text.slice(0, 40))}`);
  return text;
}

function join(...parts: Array<string | number>): string {
  return parts.map(segment).join(':');
}

function entry(layer: CacheLayer, ttlSeconds: number, ...parts: Array<string | number>): CacheEntry {
  return { key: join(...parts), layer, ttlSeconds };
}

/** Whole seconds, at least 1: Redis rejects EX 0 and a token about to expire still deserves a short entry. */
function tokenTtl(ttlSeconds: number): number {
  return Math.max(1, Math.floor(ttlSeconds));
}

const { business: BUSINESS, availability: AVAILABILITY, service_catalog: CATALOG, analytics: ANALYTICS } = CACHE_TTL_SECONDS;

export const cacheKeys = {
  business: (businessId: string) => entry('business', BUSINESS, 'business', businessId),
  businessSettings: (businessId: string) => entry('business', BUSINESS, 'business', businessId, 'settings'),
  businessHours: (businessId: string) => entry('business', BUSINESS, 'business', businessId, 'hours'),

  /** `discriminator` tells apart answers for one day: service id, staff id, number of days… */
  availability: (businessId: string, date: string, discriminator: string | number, ...more: Array<string | number>) =>
    entry('availability', AVAILABILITY, 'availability', businessId, date, discriminator, ...more),
  /**
   * The generation of a business's availability answers: `Cache.getOrLoadVersioned` appends it to every
   * answer's key and `Cache.bumpVersion` (INCR) forgets them all at once, without a SCAN. It has no TTL
   * (one small key per business): a version that expired would restart at 0 and could climb back to a
   * number whose answers are still cached.
   */
  availabilityVersion: (businessId: string) => join('availability', businessId, 'version'),
  /**
   * The generation of a business's availability answers that cover one local date (YYYY-MM-DD): an answer
   * is read under the sum of the business's version and those of each date it covers, so a booking bumps
   * only the dates it can change. Bumped with an idle TTL (AVAILABILITY_DATE_VERSION_IDLE_TTL_SECONDS, a
   * week against the answers' minute), so the keys of dates nobody books any more go away instead of
   * piling up one per business per date for ever.
   */
  availabilityDateVersion: (businessId: string, date: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`invalid availability date: ${JSON.stringify(date.slice(0, 40))}`);
    return join('availability', businessId, 'version', date);
  },

  session: (sessionId: string, ttlSeconds: number) => entry('session', tokenTtl(ttlSeconds), 'session', sessionId),
  userPermissions: (userId: string, businessId: string, ttlSeconds: number) =>
    entry('session', tokenTtl(ttlSeconds), 'user', userId, 'permissions', businessId),
  userMemberships: (userId: string, ttlSeconds: number) => entry('session', tokenTtl(ttlSeconds), 'user', userId, 'memberships'),

  service: (serviceId: string) => entry('service_catalog', CATALOG, 'service', serviceId),
  businessServices: (businessId: string) => entry('service_catalog', CATALOG, 'business', businessId, 'services'),
  businessResources: (businessId: string) => entry('service_catalog', CATALOG, 'business', businessId, 'resources'),

  analytics: (businessId: string, date: string, ...view: Array<string | number>) =>
    entry('analytics', ANALYTICS, 'analytics', businessId, date, ...view),
};

/** Prefixes for `Cache.deleteByPrefix`; each ends in `:` so `business:1` never reaches `business:12`. */
export const cacheKeyPrefixes = {
  /** Also matches the business's availability version keys: deleting them would restart versions at 0. */
  businessAvailability: (businessId: string) => `${join('availability', businessId)}:`,
  availabilityOfDate: (businessId: string, date: string) => `${join('availability', businessId, date)}:`,
  businessAnalytics: (businessId: string) => `${join('analytics', businessId)}:`,
  user: (userId: string) => `${join('user', userId)}:`,
};

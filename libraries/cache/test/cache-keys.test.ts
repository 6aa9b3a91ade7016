import { CACHE_TTL_SECONDS, cacheKeyPrefixes, cacheKeys, keyPrefix } from '@omotenashi/cache';

describe('cache keys', () => {
  it('When keys are built, then they follow the seed layout and carry their layer TTL', () => {
    expect(cacheKeys.business('b1')).toEqual({ key: 'business:b1', layer: 'business', ttlSeconds: 300 });
    expect(cacheKeys.businessSettings('b1').key).toBe('business:b1:settings');
    expect(cacheKeys.businessHours('b1').key).toBe('business:b1:hours');
    expect(cacheKeys.availability('b1', '2025-04-01', 'svc1', 7)).toEqual({
      key: 'availability:b1:2025-04-01:svc1:7',
      layer: 'availability',
      ttlSeconds: 60,
    });
    expect(cacheKeys.service('s1')).toEqual({ key: 'service:s1', layer: 'service_catalog', ttlSeconds: 600 });
    expect(cacheKeys.businessServices('b1').key).toBe('business:b1:services');
    expect(cacheKeys.analytics('b1', '2025-04-01')).toEqual({ key: 'analytics:b1:2025-04-01', layer: 'analytics', ttlSeconds: 900 });
    expect(CACHE_TTL_SECONDS).toEqual({ business: 300, availability: 60, service_catalog: 600, analytics: 900 });
  });

  it('When a session key is built, then its TTL is the token lifetime, at least one second', () => {
    expect(cacheKeys.session('sess1', 3600)).toEqual({ key: 'session:sess1', layer: 'session', ttlSeconds: 3600 });
    expect(cacheKeys.userPermissions('u1', 'b1', 12.7).ttlSeconds).toBe(12);
    expect(cacheKeys.userMemberships('u1', -5).ttlSeconds).toBe(1);
  });

  it('When an id holds a separator or a glob character, then no key is built', () => {
    expect(() => cacheKeys.business('b1:settings')).toThrow(/invalid cache key segment/);
    expect(() => cacheKeys.availability('b*', '2025-04-01', 's')).toThrow();
    expect(() => cacheKeys.service('')).toThrow();
  });

  it('When prefixes are built, then each ends at a separator so one business never matches another', () => {
    expect(cacheKeyPrefixes.businessAvailability('b1')).toBe('availability:b1:');
    expect(cacheKeyPrefixes.availabilityOfDate('b1', '2025-04-01')).toBe('availability:b1:2025-04-01:');
  });

  it('When a run prefix is set, then the namespace is prefix:service:, else service:', () => {
    expect(keyPrefix('t-abc', 'booking')).toBe('t-abc:booking:');
    expect(keyPrefix('', 'booking')).toBe('booking:');
    expect(() => keyPrefix('', 'Booking:x')).toThrow();
  });
});

import { cacheKeys, type Cache } from '@omotenashi/cache';
import type { MemberRole, Membership } from '../../domain/identity/identity';
import type { ActiveSession } from './sessions.repository';

/** JSON shapes in Redis. "Not a member" is stored too, so an outsider's requests don't all reach Postgres. */
export interface CachedSession {
  active: boolean;
  userId?: string;
  email?: string;
}
interface CachedRole {
  role: MemberRole | null;
}
export interface CachedApiKey {
  id: string;
  businessId: string;
}
type CachedMembership = Omit<Membership, 'createdAt'> & { createdAt: string };

/** API keys don't expire; their cache entries are dropped on revoke, and this bounds any that a race missed. */
export const API_KEY_CACHE_SECONDS = 300;

/**
 * Sessions, roles and memberships in Redis (DESIGN §7 "sessions": TTL = the token's remaining lifetime),
 * through the shared read-through cache: Redis down means Postgres answers, never a failed request.
 * Every write that changes one of them drops its entry at once.
 */
export class IdentityCache {
  constructor(private readonly cache: Cache) {}

  session(sessionId: string, ttlSeconds: number, load: () => Promise<ActiveSession | undefined>): Promise<CachedSession> {
    return this.cache.getOrLoad(cacheKeys.session(sessionId, ttlSeconds), async () => {
      const session = await load();
      return session ? { active: true, ...session } : { active: false };
    });
  }

  async role(userId: string, businessId: string, ttlSeconds: number, load: () => Promise<MemberRole | undefined>): Promise<MemberRole | null> {
    const entry = cacheKeys.userPermissions(userId, businessId, ttlSeconds);
    const cached = await this.cache.getOrLoad<CachedRole>(entry, async () => ({ role: (await load()) ?? null }));
    return cached.role;
  }

  async memberships(userId: string, ttlSeconds: number, load: () => Promise<Membership[]>): Promise<Membership[]> {
    const cached = await this.cache.getOrLoad<CachedMembership[]>(cacheKeys.userMemberships(userId, ttlSeconds), async () =>
      (await load()).map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
    );
    return cached.map((m) => ({ ...m, createdAt: new Date(m.createdAt) }));
  }

  /**
   * Named by the key's SHA-256 (the key itself never reaches Redis). Unknown keys are not cached: they
   * cost one indexed lookup, and caching them would let anyone fill Redis with made-up keys.
   */
  apiKey(keyHash: string, load: () => Promise<CachedApiKey | undefined>): Promise<CachedApiKey | undefined> {
    return this.cache.getOrLoad(apiKeyEntry(keyHash), load);
  }

  async dropSession(sessionId: string): Promise<void> {
    await this.cache.delete(cacheKeys.session(sessionId, 1));
  }

  /** After any change to one person's membership of one business. */
  async dropMembership(userId: string, businessId: string): Promise<void> {
    await this.cache.delete(cacheKeys.userPermissions(userId, businessId, 1), cacheKeys.userMemberships(userId, 1));
  }

  async dropApiKey(keyHash: string): Promise<void> {
    await this.cache.delete(apiKeyEntry(keyHash));
  }
}

const apiKeyEntry = (keyHash: string) => cacheKeys.session(`api-key.${keyHash}`, API_KEY_CACHE_SECONDS);

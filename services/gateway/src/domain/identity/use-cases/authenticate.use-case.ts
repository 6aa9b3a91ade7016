import type { MemberRole } from '../identity';
import { IdentityErrors } from '../identity.errors';
import { API_KEY_PREFIX, isApiKeyFormat, sha256 } from '../secrets';
import type { IdentityDeps } from './identity-deps';

/** Who a bearer credential speaks for. */
export type Principal =
  | { kind: 'user'; userId: string; sessionId: string; email: string; /** epoch seconds */ expiresAt: number }
  | { kind: 'api_key'; apiKeyId: string; businessId: string };

/** A member's role, or `api_key` for a business's own API key. */
export type BusinessRole = MemberRole | 'api_key';

/**
 * A bearer credential → its principal, or an `unauthenticated` error. Access tokens are checked for
 * signature and expiry, then their session must still be live (cached in Redis for the token's
 * lifetime, dropped on logout and on refresh-token reuse). API keys are looked up by their hash.
 */
export async function authenticateBearer(deps: IdentityDeps, token: string): Promise<Principal> {
  if (token.startsWith(API_KEY_PREFIX)) return authenticateApiKey(deps, token);
  const claims = deps.tokens.check(token);
  const session = await deps.cache.session(claims.sessionId, secondsUntil(claims.expiresAt), () => deps.sessions.findActive(claims.sessionId));
  if (!session.active || session.userId !== claims.userId || !session.email) throw IdentityErrors.invalidToken();
  return { kind: 'user', userId: claims.userId, sessionId: claims.sessionId, email: session.email, expiresAt: claims.expiresAt };
}

/**
 * The principal's standing in one business, or null when it has none there (which callers must answer
 * exactly like a business that does not exist).
 */
export async function roleInBusiness(deps: IdentityDeps, principal: Principal, businessId: string): Promise<BusinessRole | null> {
  if (principal.kind === 'api_key') return principal.businessId === businessId ? 'api_key' : null;
  const load = () => deps.memberships.roleOf(principal.userId, businessId);
  return deps.cache.role(principal.userId, businessId, secondsUntil(principal.expiresAt), load);
}

/** API keys act with a manager's rights in their own business (never an owner's). */
export function permits(allowed: readonly MemberRole[], role: BusinessRole): boolean {
  return allowed.includes(role === 'api_key' ? 'manager' : role);
}

async function authenticateApiKey(deps: IdentityDeps, key: string): Promise<Principal> {
  if (!isApiKeyFormat(key)) throw IdentityErrors.invalidApiKey();
  const keyHash = sha256(key);
  const found = await deps.cache.apiKey(keyHash, () => deps.apiKeys.findActiveByHash(keyHash));
  if (!found) throw IdentityErrors.invalidApiKey();
  await recordUse(deps, found.id);
  return { kind: 'api_key', apiKeyId: found.id, businessId: found.businessId };
}

const LAST_USED_INTERVAL_MS = 60_000;
const lastRecorded = new Map<string, number>();

/** `last_used_at` is written at most once a minute per key and process. */
async function recordUse(deps: IdentityDeps, keyId: string): Promise<void> {
  const now = Date.now();
  if (now - (lastRecorded.get(keyId) ?? 0) < LAST_USED_INTERVAL_MS) return;
  if (lastRecorded.size > 10_000) lastRecorded.clear();
  lastRecorded.set(keyId, now);
  await deps.apiKeys.touch(keyId);
}

const secondsUntil = (epochSeconds: number) => epochSeconds - Date.now() / 1_000;

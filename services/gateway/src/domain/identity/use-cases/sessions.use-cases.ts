import type { Locale, User } from '../identity';
import { IdentityErrors } from '../identity.errors';
import { hashPassword, needsRehash, verifyPassword, type ScryptCost } from '../passwords';
import { isRefreshTokenFormat, newRefreshToken, sha256 } from '../secrets';
import type { IdentityDeps } from './identity-deps';

export interface TokenPair {
  accessToken: string;
  expiresInSeconds: number;
  refreshToken: string;
}

export interface SignUpInput {
  email: string;
  password: string;
  displayName: string;
  locale: Locale;
}

/** Where security events go (the request's logger); never given a token or a password. */
export interface SecurityLog {
  warn(details: Record<string, unknown>, message: string): void;
}

export async function signUp(deps: IdentityDeps, input: SignUpInput): Promise<{ user: User; tokens: TokenPair }> {
  const passwordHash = await hashPassword(input.password, deps.passwordCost);
  const user = await deps.users.create({ email: input.email.trim(), passwordHash, displayName: input.displayName, locale: input.locale });
  return { user, tokens: await openSession(deps, user.id) };
}

/** An unknown email costs the same scrypt run as a wrong password, and both get the same answer. */
export async function signIn(deps: IdentityDeps, email: string, password: string): Promise<TokenPair> {
  const found = await deps.users.findCredentials(email.trim());
  const matches = await verifyPassword(password, found?.passwordHash ?? (await decoyHash(deps.passwordCost)));
  if (!found || !matches) throw IdentityErrors.invalidCredentials();
  if (needsRehash(found.passwordHash, deps.passwordCost)) {
    await deps.users.updatePasswordHash(found.user.id, await hashPassword(password, deps.passwordCost));
  }
  return openSession(deps, found.user.id);
}

/**
 * Rotation: the presented refresh token is spent and a new one issued. A token that was already spent
 * means someone holds a copy, so its whole session ends — every token of it, and its access tokens at
 * their next request (the session cache entry goes at once).
 */
export async function refreshSession(deps: IdentityDeps, refreshToken: string, log: SecurityLog): Promise<TokenPair> {
  if (!isRefreshTokenFormat(refreshToken)) throw IdentityErrors.invalidRefreshToken();
  const next = newRefreshToken();
  const result = await deps.sessions.rotate(sha256(refreshToken), { hash: next.hash, expiresAt: refreshExpiry(deps) });
  if (result.outcome === 'reused') {
    await deps.cache.dropSession(result.sessionId);
    log.warn({ user_id: result.userId, session_id: result.sessionId }, 'refresh token reused: session revoked');
  }
  if (result.outcome !== 'rotated') throw IdentityErrors.invalidRefreshToken();
  const access = deps.tokens.issue(result.userId, result.sessionId);
  return { accessToken: access.token, expiresInSeconds: access.expiresInSeconds, refreshToken: next.secret };
}

export async function signOut(deps: IdentityDeps, sessionId: string): Promise<void> {
  await deps.sessions.revoke(sessionId, 'logout');
  await deps.cache.dropSession(sessionId);
}

async function openSession(deps: IdentityDeps, userId: string): Promise<TokenPair> {
  const refresh = newRefreshToken();
  const sessionId = await deps.sessions.start(userId, { hash: refresh.hash, expiresAt: refreshExpiry(deps) });
  const access = deps.tokens.issue(userId, sessionId);
  return { accessToken: access.token, expiresInSeconds: access.expiresInSeconds, refreshToken: refresh.secret };
}

const refreshExpiry = (deps: IdentityDeps) => new Date(Date.now() + deps.refreshTokenTtlSeconds * 1_000);

const decoys = new Map<number, Promise<string>>();

/** A hash of nothing anyone knows, at today's cost, for sign-ins with an unknown email. */
function decoyHash(cost: ScryptCost): Promise<string> {
  let decoy = decoys.get(cost.logN);
  if (!decoy) {
    decoy = hashPassword(`decoy-${Math.random()}`, cost);
    decoys.set(cost.logN, decoy);
  }
  return decoy;
}

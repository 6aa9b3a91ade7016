import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A guest's credential for one booking: 32 random bytes, base64url. Only its sha256 is stored (a
 * leaked table reveals no working token); the token itself is shown once, in the creation answer.
 */
export function newManageToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashManageToken(token) };
}

export function hashManageToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Constant-time comparison of a presented token with the stored hash; no hash (older bookings) never matches. */
export function manageTokenMatches(token: string, storedHash: Buffer | null): boolean {
  if (!token || !storedHash || storedHash.length !== 32) return false;
  return timingSafeEqual(hashManageToken(token), storedHash);
}

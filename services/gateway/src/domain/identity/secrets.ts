import { createHash, randomBytes } from 'node:crypto';

/**
 * Opaque secrets handed to clients: 256 random bits, base64url, behind a prefix that says what they are
 * (and lets secret scanners find a leaked one). Only their SHA-256 is stored: with this much entropy a
 * fast hash is enough, and a database dump reveals no usable credential.
 */
export const API_KEY_PREFIX = 'omk_';
export const REFRESH_TOKEN_PREFIX = 'omr_';
const SECRET_BYTES = 32;
/** Shown in key lists so people can tell their keys apart: `omk_` plus 8 characters (48 of 256 bits). */
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

const API_KEY_FORMAT = /^omk_[A-Za-z0-9_-]{43}$/;
const REFRESH_TOKEN_FORMAT = /^omr_[A-Za-z0-9_-]{43}$/;

export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface NewSecret {
  secret: string;
  hash: string;
}

function newSecret(prefix: string): NewSecret {
  const secret = prefix + randomBytes(SECRET_BYTES).toString('base64url');
  return { secret, hash: sha256(secret) };
}

export function newApiKey(): NewSecret & { displayPrefix: string } {
  const key = newSecret(API_KEY_PREFIX);
  return { ...key, displayPrefix: key.secret.slice(0, DISPLAY_PREFIX_LENGTH) };
}

export const newRefreshToken = (): NewSecret => newSecret(REFRESH_TOKEN_PREFIX);

export const isApiKeyFormat = (value: string) => API_KEY_FORMAT.test(value);
export const isRefreshTokenFormat = (value: string) => REFRESH_TOKEN_FORMAT.test(value);

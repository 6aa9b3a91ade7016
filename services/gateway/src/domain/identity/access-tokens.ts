import { createSigner, createVerifier, TOKEN_ERROR_CODES } from 'fast-jwt';
import { IdentityErrors } from './identity.errors';

/** Who an access token speaks for, once its signature, issuer, audience and expiry checked out. */
export interface AccessClaims {
  userId: string;
  sessionId: string;
  /** Epoch seconds. */
  expiresAt: number;
}

export interface IssuedAccessToken {
  token: string;
  expiresInSeconds: number;
}

export const ACCESS_TOKEN_ISSUER = 'omotenashi-gateway';
export const ACCESS_TOKEN_AUDIENCE = 'omotenashi-api';

/**
 * Short-lived HS256 JWTs naming the user (`sub`) and the session (`sid`). Roles are not in the token:
 * they are read (cached) per request, so a role change applies to the very next request.
 */
export class AccessTokens {
  private readonly sign: (payload: Record<string, unknown>) => string;
  private readonly verify: (token: string) => Record<string, unknown>;

  constructor(
    key: Buffer,
    private readonly ttlSeconds: number,
  ) {
    this.sign = createSigner({ key, algorithm: 'HS256', expiresIn: ttlSeconds * 1_000, iss: ACCESS_TOKEN_ISSUER, aud: ACCESS_TOKEN_AUDIENCE });
    this.verify = createVerifier({
      key,
      algorithms: ['HS256'],
      allowedIss: ACCESS_TOKEN_ISSUER,
      allowedAud: ACCESS_TOKEN_AUDIENCE,
      requiredClaims: ['exp', 'sub', 'sid'],
    });
  }

  issue(userId: string, sessionId: string): IssuedAccessToken {
    return { token: this.sign({ sub: userId, sid: sessionId }), expiresInSeconds: this.ttlSeconds };
  }

  check(token: string): AccessClaims {
    let claims: Record<string, unknown>;
    try {
      claims = this.verify(token);
    } catch (error) {
      if ((error as { code?: string }).code === TOKEN_ERROR_CODES.expired) throw IdentityErrors.tokenExpired();
      throw IdentityErrors.invalidToken();
    }
    const { sub, sid, exp } = claims;
    if (typeof sub !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') throw IdentityErrors.invalidToken();
    return { userId: sub, sessionId: sid, expiresAt: exp };
  }
}

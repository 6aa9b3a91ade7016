import type { User } from '../../domain/identity/identity';
import type { TokenPair } from '../../domain/identity/use-cases/sessions.use-cases';
import type { TokenJson, UserJson } from './auth.schemas';

export const toUserResponse = (user: User): UserJson => ({
  id: user.id,
  email: user.email,
  display_name: user.displayName,
  locale: user.locale,
  created_at: user.createdAt.toISOString(),
});

export const toTokenResponse = (tokens: TokenPair): TokenJson => ({
  access_token: tokens.accessToken,
  token_type: 'Bearer',
  expires_in: tokens.expiresInSeconds,
  refresh_token: tokens.refreshToken,
});

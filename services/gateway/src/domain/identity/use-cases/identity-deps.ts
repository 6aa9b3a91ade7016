import type { ApiKeysRepository } from '../../../data-access/identity/api-keys.repository';
import type { IdentityCache } from '../../../data-access/identity/identity.cache';
import type { MembershipsRepository } from '../../../data-access/identity/memberships.repository';
import type { SessionsRepository } from '../../../data-access/identity/sessions.repository';
import type { UsersRepository } from '../../../data-access/identity/users.repository';
import type { AccessTokens } from '../access-tokens';
import type { ScryptCost } from '../passwords';

/** Everything the identity use cases work with; built once per process by `connectIdentity`. */
export interface IdentityDeps {
  users: UsersRepository;
  memberships: MembershipsRepository;
  sessions: SessionsRepository;
  apiKeys: ApiKeysRepository;
  cache: IdentityCache;
  tokens: AccessTokens;
  passwordCost: ScryptCost;
  refreshTokenTtlSeconds: number;
}

import type { Membership, User } from '../identity';
import { IdentityErrors } from '../identity.errors';
import type { IdentityDeps } from './identity-deps';

/** The signed-in person and the businesses they belong to (memberships cached for the token's lifetime). */
export async function getMe(deps: IdentityDeps, userId: string, tokenExpiresAt: number): Promise<{ user: User; memberships: Membership[] }> {
  const [user, memberships] = await Promise.all([
    deps.users.find(userId),
    deps.cache.memberships(userId, tokenExpiresAt - Date.now() / 1_000, () => deps.memberships.ofUser(userId)),
  ]);
  if (!user) throw IdentityErrors.invalidToken();
  return { user, memberships };
}

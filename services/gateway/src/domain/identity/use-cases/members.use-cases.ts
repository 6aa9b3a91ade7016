import { assertKeepsAnOwner, assertMayChange, type Member, type MemberRole, type MembershipChange } from '../identity';
import { IdentityErrors } from '../identity.errors';
import type { IdentityDeps } from './identity-deps';

export const listMembers = (deps: IdentityDeps, businessId: string): Promise<Member[]> => deps.memberships.members(businessId);

/** The person who created a business becomes its first owner. */
export async function makeOwner(deps: IdentityDeps, businessId: string, userId: string): Promise<void> {
  await deps.memberships.add(businessId, userId, 'owner');
  await deps.cache.dropMembership(userId, businessId);
}

/** Adds someone who already has an account, found by email. `actorRole` is the caller's role in the business. */
export async function addMember(
  deps: IdentityDeps,
  businessId: string,
  actor: { userId: string; role: MemberRole },
  input: { email: string; role: MemberRole },
): Promise<Member> {
  const user = await deps.users.findByEmail(input.email.trim());
  if (!user) {
    // Only people allowed to add this role learn whether the account exists.
    assertMayChange(actor, { userId: '' }, input.role);
    throw IdentityErrors.noSuchAccount();
  }
  assertMayChange(actor, { userId: user.id }, input.role);
  await deps.memberships.add(businessId, user.id, input.role);
  await deps.cache.dropMembership(user.id, businessId);
  return found(await deps.memberships.member(businessId, user.id));
}

export async function changeMemberRole(deps: IdentityDeps, businessId: string, actorId: string, userId: string, role: MemberRole): Promise<Member> {
  await applyChange(deps, businessId, actorId, userId, role);
  return found(await deps.memberships.member(businessId, userId));
}

export const removeMember = (deps: IdentityDeps, businessId: string, actorId: string, userId: string): Promise<void> =>
  applyChange(deps, businessId, actorId, userId, 'remove');

/**
 * Decided on the business's memberships as locked in the transaction (the actor's role included), so
 * the rules hold under concurrent changes; the cached permissions of the person go right after.
 */
async function applyChange(deps: IdentityDeps, businessId: string, actorId: string, userId: string, change: MembershipChange): Promise<void> {
  await deps.memberships.change(businessId, userId, (members) => {
    const actor = members.find((m) => m.userId === actorId);
    const target = members.find((m) => m.userId === userId);
    if (!actor) throw IdentityErrors.roleTooLow();
    if (!target) throw IdentityErrors.memberNotFound();
    assertMayChange(actor, { userId, current: target.role }, change);
    assertKeepsAnOwner(members, userId, change);
    return change;
  });
  await deps.cache.dropMembership(userId, businessId);
}

function found(member: Member | undefined): Member {
  if (!member) throw IdentityErrors.memberNotFound();
  return member;
}

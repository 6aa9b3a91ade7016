import { IdentityErrors } from './identity.errors';

/** A person's role in one business. */
export type MemberRole = 'owner' | 'manager' | 'staff';
export type Locale = 'ja' | 'en';

export interface User {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
  createdAt: Date;
}

export interface Membership {
  userId: string;
  businessId: string;
  role: MemberRole;
  createdAt: Date;
}

export interface Member extends Membership {
  email: string;
  displayName: string;
}

export interface ApiKey {
  id: string;
  businessId: string;
  name: string;
  /** The first characters of the key, enough to recognise it in a list; the rest is never stored. */
  prefix: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Who acts on a business's members, with their role there. */
export interface Actor {
  userId: string;
  role: MemberRole;
}

/** What a membership change does: a new role, or leaving the business. */
export type MembershipChange = MemberRole | 'remove';

/**
 * Who may change whose membership. Owners manage everyone, owners included; managers add and remove
 * staff; anyone may leave. `current` is undefined when the person is being added.
 */
export function assertMayChange(actor: Actor, target: { userId: string; current?: MemberRole }, change: MembershipChange): void {
  if (change === 'remove' && actor.userId === target.userId) return;
  if (actor.role === 'owner') return;
  const managerMay = (target.current === undefined && change === 'staff') || (target.current === 'staff' && change === 'remove');
  if (actor.role === 'manager' && managerMay) return;
  throw IdentityErrors.roleTooLow();
}

/** A business keeps at least one owner, whatever the order of changes. */
export function assertKeepsAnOwner(members: Array<Pick<Membership, 'userId' | 'role'>>, targetUserId: string, change: MembershipChange): void {
  const owners = members.filter((m) => m.role === 'owner');
  const losesOwner = owners.some((m) => m.userId === targetUserId) && change !== 'owner';
  if (losesOwner && owners.length === 1) throw IdentityErrors.lastOwner();
}

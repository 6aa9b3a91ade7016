import type { ApiKey, Locale, Member, MemberRole, Membership, User } from '../../domain/identity/identity';

/** Rows as pg returns them (snake_case) and their mappers to the domain. */
export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  locale: Locale;
  created_at: Date;
}

export interface MembershipRow {
  user_id: string;
  business_id: string;
  role: MemberRole;
  created_at: Date;
}

export interface MemberRow extends MembershipRow {
  email: string;
  display_name: string;
}

export interface ApiKeyRow {
  id: string;
  business_id: string;
  name: string;
  key_prefix: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export const USER_COLUMNS = 'id, email, display_name, locale, created_at';
export const MEMBERSHIP_COLUMNS = 'm.user_id, m.business_id, m.role, m.created_at';
export const API_KEY_COLUMNS = 'id, business_id, name, key_prefix, created_by, created_at, last_used_at, revoked_at';

export const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  locale: row.locale,
  createdAt: row.created_at,
});

export const toMembership = (row: MembershipRow): Membership => ({
  userId: row.user_id,
  businessId: row.business_id,
  role: row.role,
  createdAt: row.created_at,
});

export const toMember = (row: MemberRow): Member => ({ ...toMembership(row), email: row.email, displayName: row.display_name });

export const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  businessId: row.business_id,
  name: row.name,
  prefix: row.key_prefix,
  createdBy: row.created_by,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

const UNIQUE_VIOLATION = '23505';
export const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === UNIQUE_VIOLATION;

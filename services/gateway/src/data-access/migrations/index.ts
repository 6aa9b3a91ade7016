import { IdentityFoundation1764500000000 } from './1764500000000-identity-foundation';

/** Migrations of the gateway's `identity` schema (users, memberships, sessions, API keys), oldest first. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const IDENTITY_MIGRATIONS: Function[] = [IdentityFoundation1764500000000];

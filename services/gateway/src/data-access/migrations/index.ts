/**
 * Migrations of the gateway's `identity` schema (users, credentials, memberships, API keys, sessions).
 * The tables arrive with the identity issue; until then migrating only creates the schema and its role.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const IDENTITY_MIGRATIONS: Function[] = [];

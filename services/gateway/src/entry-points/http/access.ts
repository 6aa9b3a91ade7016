/**
 * Who may call a route, declared on the route itself (`config: { access }`), so authorization is
 * decided in one place and a new route cannot forget it: a /v1 route without `access` fails at
 * startup. Roles apply to the business named by the route's `:businessId` parameter.
 */
export type Role = 'owner' | 'manager' | 'staff';

export type Access =
  /** Anyone, signed in or not (public listings, availability, guest bookings). */
  | { public: true }
  /** Any signed-in user or API key, whatever business (e.g. `GET /v1/me`, creating a business). */
  | { authenticated: true }
  /** A member of the path's business with one of these roles, or that business's API key. */
  | { roles: Role[] };

export const PUBLIC: Access = { public: true };
export const AUTHENTICATED: Access = { authenticated: true };
export const MANAGERS: Access = { roles: ['owner', 'manager'] };
export const MEMBERS: Access = { roles: ['owner', 'manager', 'staff'] };
export const OWNERS: Access = { roles: ['owner'] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

import type { Role } from './access';

/**
 * Who is calling, as the authentication hook resolved it (before authorization and rate limits run).
 * `anonymous` callers may reach only public routes.
 */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: string; sessionId: string; email: string }
  | { kind: 'api_key'; apiKeyId: string; businessId: string };

/** What the caller may do in the business named by the route, once authorization has run. */
export interface BusinessAccess {
  businessId: string;
  role: Role | 'api_key';
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
    businessAccess?: BusinessAccess;
  }
}

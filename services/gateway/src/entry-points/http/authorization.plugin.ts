import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods, RawServerDefault } from 'fastify';
import fp from 'fastify-plugin';
import { IdentityErrors } from '../../domain/identity/identity.errors';
import { permits, roleInBusiness } from '../../domain/identity/use-cases/authenticate.use-case';
import type { IdentityDeps } from '../../domain/identity/use-cases/identity-deps';
import type { Access } from './access';
import { unauthenticated } from './authentication.plugin';

/** One method + path of the public API with who may call it, as declared on the route. */
export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access;
}

interface AccessRegistry {
  routes: DeclaredRoute[];
  /** `METHOD url` of every route registered behind the authorization hook. */
  guarded: Set<string>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every /v1 route and its access declaration (the tenant-isolation test walks them all). */
    accessRegistry: AccessRegistry;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BUSINESS_PARAM = /(^|\/):businessId(\/|$)/;
const isV1 = (url: string) => url === '/v1' || url.startsWith('/v1/');
const methodsOf = (method: HTTPMethods | HTTPMethods[]) => (Array.isArray(method) ? method : [method]);
const keyOf = (method: string, url: string) => `${method} ${url}`;

/**
 * Call on the root instance before any route is declared (onRoute hooks run as a route is declared, so
 * this is a plain call, not a plugin that loads later): a /v1 route without a sound `config.access`,
 * or one that lives outside the scope where authorization runs, stops the app at startup.
 */
export function watchAccessDeclarations<L extends FastifyBaseLogger>(app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, L>): void {
  const registry: AccessRegistry = { routes: [], guarded: new Set() };
  app.decorate('accessRegistry', registry);
  app.addHook('onRoute', (route) => {
    if (!isV1(route.url)) return;
    const access = checkedAccess(route.url, route.method, route.config?.access);
    for (const method of methodsOf(route.method)) registry.routes.push({ method, url: route.url, access });
  });
  app.addHook('onReady', async () => {
    const outside = registry.routes.filter((r) => !registry.guarded.has(keyOf(r.method, r.url)));
    if (outside.length) {
      throw new Error(`Routes outside the authorization scope: ${outside.map((r) => keyOf(r.method, r.url)).join(', ')}`);
    }
  });
}

export interface AuthorizationOptions {
  identity: IdentityDeps;
}

/**
 * Enforces each route's `config.access` in preParsing: after every onRequest hook (authentication,
 * then rate limits, which count refused requests too) and before the body is read or validated, so
 * an outsider learns nothing from validation errors. Businesses the caller has no standing in are the
 * same 404 as businesses that don't exist; a member whose role is too low gets 403.
 */
export const authorizationPlugin = fp<AuthorizationOptions>(
  async (app, { identity }) => {
    if (!app.hasDecorator('accessRegistry')) throw new Error('call watchAccessDeclarations(root) before registering authorization');
    app.decorateRequest('businessAccess', undefined);
    app.addHook('onRoute', (route) => {
      checkedAccess(route.url, route.method, route.config?.access);
      for (const method of methodsOf(route.method)) app.accessRegistry.guarded.add(keyOf(method, route.url));
    });
    app.addHook('preParsing', async (request, reply, payload) => {
      await authorize(identity, request, reply);
      return payload;
    });
  },
  { name: 'authorization', dependencies: ['authentication'] },
);

async function authorize(identity: IdentityDeps, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.authenticationFailure) throw unauthenticated(reply, request.authenticationFailure);
  const access = request.routeOptions.config.access;
  const businessId = (request.params as { businessId?: unknown } | undefined)?.businessId;
  const principal = request.principal;
  if (!access) throw IdentityErrors.roleTooLow(); // unreachable: startup refuses such routes

  if ('public' in access) {
    // Members and the business's own keys may see more on public routes; nobody is refused.
    if (principal && typeof businessId === 'string' && UUID.test(businessId)) {
      const role = await roleInBusiness(identity, principal, businessId);
      if (role) request.businessAccess = { businessId, role };
    }
    return;
  }
  if (!principal) throw unauthenticated(reply);
  if ('authenticated' in access) return;

  if (typeof businessId !== 'string' || !UUID.test(businessId)) throw IdentityErrors.businessNotFound();
  const role = await roleInBusiness(identity, principal, businessId);
  if (!role) throw IdentityErrors.businessNotFound();
  if (!permits(access.roles, role)) throw IdentityErrors.roleTooLow();
  request.businessAccess = { businessId, role };
}

/**
 * The declaration rules: every route says who may call it; `roles` routes name their business in the
 * path (`:businessId`), and routes that do name one are never merely `authenticated` (that would let
 * any account reach any business).
 */
function checkedAccess(url: string, method: HTTPMethods | HTTPMethods[], access: Access | undefined): Access {
  const route = keyOf(methodsOf(method).join('|'), url);
  if (!access) throw new Error(`${route} declares no config.access (public, authenticated or roles; see access.ts)`);
  const scoped = BUSINESS_PARAM.test(url);
  if ('roles' in access && (!scoped || access.roles.length === 0)) {
    throw new Error(`${route}: roles access needs a :businessId path parameter and at least one role`);
  }
  if ('authenticated' in access && scoped) throw new Error(`${route}: a :businessId route must be public or declare roles`);
  return access;
}

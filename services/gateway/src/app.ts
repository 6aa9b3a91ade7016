import type { IncomingMessage, ServerResponse } from 'node:http';
import compress from '@fastify/compress';
import { createRedis, type Redis } from '@omotenashi/cache';
import { acceptRequestId, REQUEST_ID_HEADER, type Logger } from '@omotenashi/logging';
import Fastify, { LogController, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { GatewayConfig } from './config';
import { connectIdentity } from './data-access/identity/connect-identity';
import type { IdentityDeps } from './domain/identity/use-cases/identity-deps';
import { connectDownstreams, type DownstreamProbe, type Downstreams } from './downstream/downstreams';
import { analyticsRoutes } from './entry-points/http/analytics.routes';
import { apiKeysRoutes } from './entry-points/http/api-keys.routes';
import { availabilityRoutes } from './entry-points/http/availability.routes';
import { authRoutes } from './entry-points/http/auth.routes';
import { authenticationPlugin } from './entry-points/http/authentication.plugin';
import { authorizationPlugin, watchAccessDeclarations } from './entry-points/http/authorization.plugin';
import { bookingsRoutes } from './entry-points/http/bookings.routes';
import { businessesRoutes } from './entry-points/http/businesses.routes';
import { customersRoutes } from './entry-points/http/customers.routes';
import { problemSchema } from './entry-points/http/common.schemas';
import { docsPlugin } from './entry-points/http/docs.plugin';
import { healthRoutes } from './entry-points/http/health.routes';
import { httpHeadersPlugin } from './entry-points/http/http-headers.plugin';
import { HttpErrors } from './entry-points/http/http.errors';
import { localePlugin } from './entry-points/http/locale';
import { meRoutes } from './entry-points/http/me.routes';
import { membersRoutes } from './entry-points/http/members.routes';
import { metricsPlugin } from './entry-points/http/metrics.plugin';
import { openapiPlugin } from './entry-points/http/openapi.plugin';
import { paginationPlugin } from './entry-points/http/pagination';
import { paymentWebhooksRoutes } from './entry-points/http/payment-webhooks.routes';
import { paymentsRoutes } from './entry-points/http/payments.routes';
import { problemErrorsPlugin, sendProblem } from './entry-points/http/problem-errors.plugin';
import { rateLimitPlugin } from './entry-points/http/rate-limit.plugin';
import { requestContextPlugin } from './entry-points/http/request-context.plugin';
import { sandboxPaymentsRoutes } from './entry-points/http/sandbox-payments.routes';
import { servicesRoutes } from './entry-points/http/services.routes';
import { closuresRoutes } from './entry-points/http/closures.routes';
import { hoursRoutes } from './entry-points/http/hours.routes';
import { resourcesRoutes } from './entry-points/http/resources.routes';
import { reviewsRoutes } from './entry-points/http/reviews.routes';
import { staffRoutes } from './entry-points/http/staff.routes';
import { buildValidator } from './entry-points/http/validation';

export interface GatewayDeps {
  logger: Logger;
  downstreams: Downstreams;
  probes: DownstreamProbe[];
  /** Request-path Redis (rate-limit counters); the gateway keeps serving when it is down. */
  redis: Redis;
  /** Users, memberships, sessions and API keys (Postgres `identity` + Redis), for authentication and its routes. */
  identity: IdentityDeps;
}

/** The gateway's Fastify instance, typed with the service's pino logger. */
export type GatewayApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>;

type GatewayHttpConfig = Pick<GatewayConfig, 'BODY_LIMIT_BYTES' | 'TRUST_PROXY'> & RateLimitConfig & ContractConfig;
/** Public-contract settings: CORS, cursor signing, the documented server URL. */
type ContractConfig = Pick<GatewayConfig, 'CORS_ORIGINS' | 'CURSOR_SECRET' | 'JWT_SECRET' | 'PUBLIC_BASE_URL'>;
type RateLimitConfig = Pick<
  GatewayConfig,
  'REDIS_KEY_PREFIX' | 'RATE_LIMIT_ENABLED' | 'RATE_LIMIT_ANONYMOUS' | 'RATE_LIMIT_USER' | 'RATE_LIMIT_API_KEY' | 'RATE_LIMIT_AUTH'
>;

/** The gateway's HTTP app, fully wired but not listening: tests `inject()` into it or `listen({ port: 0 })`. */
export function buildGateway(config: GatewayHttpConfig, deps: GatewayDeps): GatewayApp {
  let draining = false;
  const app = Fastify({
    loggerInstance: deps.logger,
    // One "request completed" line per request comes from the request-context plugin, inside the
    // request's context; the logger's mixin adds request_id, so children need no bindings of their own.
    logController: new LogController({ disableRequestLogging: true }),
    // Fastify passes the route's level on every request, even when it is the logger's own: a pino child
    // with a level rebuilds every log method, so the logger itself serves unless a route really differs.
    childLoggerFactory: (logger, _bindings, options) =>
      (options.level === undefined || options.level === logger.level) && !options.serializers ? logger : logger.child({}, options),
    genReqId: (request) => acceptRequestId(request.headers[REQUEST_ID_HEADER]),
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    // While draining, requests still in the pipe are served (with Connection: close), not refused.
    return503OnClosing: false,
    schemaController: { compilersFactory: { buildValidator } },
    frameworkErrors: (_error, request, reply) => sendProblem(request, reply, HttpErrors.badRequest()),
  });

  // Only JSON bodies: anything else is a 415, never a string that fails validation in odd ways.
  app.removeContentTypeParser('text/plain');
  app.addSchema(problemSchema);
  app.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  // Keep-alive connections that were busy when close() began would otherwise idle on for
  // keepAliveTimeout and hold the drain open: answer their last request with Connection: close.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) void reply.header('connection', 'close');
    done(null, payload);
  });

  // Compression hooks into each route as it is added (onRoute), so it comes before every route.
  void app.register(compress, { global: true, threshold: 1_024 });
  // Sees every route as it is declared: a /v1 route without `config.access` (or outside the v1 scope) stops startup.
  watchAccessDeclarations(app);
  void app.register(requestContextPlugin);
  void app.register(problemErrorsPlugin, { bodyLimit: config.BODY_LIMIT_BYTES });
  // The public contract. OpenAPI collects routes as they are added, so it comes before every route;
  // security headers, CORS, ETags, Accept-Language and list cursors apply to all of them.
  void app.register(openapiPlugin, { publicBaseUrl: config.PUBLIC_BASE_URL });
  void app.register(httpHeadersPlugin, { corsOrigins: config.CORS_ORIGINS });
  void app.register(localePlugin);
  void app.register(paginationPlugin, { secret: config.CURSOR_SECRET, derivedFrom: config.JWT_SECRET });
  void app.register(docsPlugin);
  void app.register(metricsPlugin);
  void app.register(healthRoutes, { probes: deps.probes, isDraining: () => draining });

  // Authentication, authorization and rate limits register here as hooks scoped to the /v1 routes,
  // so probes and /metrics stay open.
  void app.register(async (v1) => {
    // Authentication first: its onRequest hook sets request.caller for the rate limiter's onRequest hook.
    // Authorization enforces each route's config.access in preParsing, after every onRequest hook and
    // before a body is read, so refused requests are rate limited and learn nothing from validation.
    await v1.register(authenticationPlugin, { identity: deps.identity });
    await v1.register(authorizationPlugin, { identity: deps.identity });
    // After authentication (it sets request.caller, which picks the bucket), before everything else.
    if (config.RATE_LIMIT_ENABLED) await v1.register(rateLimitPlugin, rateLimitOptions(config, deps.redis));
    const routeDeps = { downstreams: deps.downstreams, identity: deps.identity };
    await v1.register(businessesRoutes, routeDeps);
    await v1.register(servicesRoutes, routeDeps);
    await v1.register(hoursRoutes, routeDeps);
    await v1.register(closuresRoutes, routeDeps);
    await v1.register(resourcesRoutes, routeDeps);
    await v1.register(staffRoutes, routeDeps);
    await v1.register(availabilityRoutes, routeDeps);
    await v1.register(bookingsRoutes, routeDeps);
    await v1.register(paymentsRoutes, routeDeps);
    await v1.register(sandboxPaymentsRoutes, routeDeps);
    await v1.register(paymentWebhooksRoutes, routeDeps);
    await v1.register(customersRoutes, routeDeps);
    await v1.register(reviewsRoutes, routeDeps);
    await v1.register(analyticsRoutes, routeDeps);
    await v1.register(authRoutes, routeDeps);
    await v1.register(meRoutes, routeDeps);
    await v1.register(membersRoutes, routeDeps);
    await v1.register(apiKeysRoutes, routeDeps);
  });
  return app;
}

function rateLimitOptions(config: RateLimitConfig, redis: Redis) {
  return {
    redis,
    redisKeyPrefix: config.REDIS_KEY_PREFIX,
    policies: {
      anonymous: config.RATE_LIMIT_ANONYMOUS,
      user: config.RATE_LIMIT_USER,
      api_key: config.RATE_LIMIT_API_KEY,
      auth: config.RATE_LIMIT_AUTH,
    },
  };
}

export interface RunningGateway {
  app: GatewayApp;
  /** `http://host:port` actually bound (port 0 picks a free one). */
  url: string;
  ready(): Promise<boolean>;
  /** Finishes in-flight requests, then closes the downstream connections. */
  stop(): Promise<void>;
}

export async function startGateway(
  config: GatewayConfig,
  logger: Logger,
): Promise<RunningGateway> {
  const identity = await connectIdentity(config, logger);
  const connections = connectDownstreams(config, logger);
  const redis = createRedis(config.REDIS_URL, 'gateway', { logger });
  const app = buildGateway(config, { logger, downstreams: connections.clients, probes: connections.probes, redis, identity: identity.deps });
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    connections.close();
    redis.disconnect();
    await identity.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  return {
    app,
    url: `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`,
    ready: async () => (await app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200,
    async stop() {
      await app.close();
      connections.close();
      await redis.quit().catch(() => redis.disconnect());
      await identity.close();
    },
  };
}

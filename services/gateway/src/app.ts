import type { IncomingMessage, ServerResponse } from 'node:http';
import compress from '@fastify/compress';
import { acceptRequestId, REQUEST_ID_HEADER, type Logger } from '@omotenashi/logging';
import Fastify, { LogController, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { GatewayConfig } from './config';
import { connectDownstreams, type DownstreamProbe, type Downstreams } from './downstream/downstreams';
import { analyticsRoutes } from './entry-points/http/analytics.routes';
import { bookingsRoutes } from './entry-points/http/bookings.routes';
import { businessesRoutes } from './entry-points/http/businesses.routes';
import { problemSchema } from './entry-points/http/common.schemas';
import { healthRoutes } from './entry-points/http/health.routes';
import { HttpErrors } from './entry-points/http/http.errors';
import { metricsPlugin } from './entry-points/http/metrics.plugin';
import { problemErrorsPlugin, sendProblem } from './entry-points/http/problem-errors.plugin';
import { requestContextPlugin } from './entry-points/http/request-context.plugin';
import { servicesRoutes } from './entry-points/http/services.routes';
import { buildValidator } from './entry-points/http/validation';

export interface GatewayDeps {
  logger: Logger;
  downstreams: Downstreams;
  probes: DownstreamProbe[];
}

/** The gateway's Fastify instance, typed with the service's pino logger. */
export type GatewayApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>;

type GatewayHttpConfig = Pick<GatewayConfig, 'BODY_LIMIT_BYTES' | 'TRUST_PROXY'>;

/** The gateway's HTTP app, fully wired but not listening: tests `inject()` into it or `listen({ port: 0 })`. */
export function buildGateway(config: GatewayHttpConfig, deps: GatewayDeps): GatewayApp {
  let draining = false;
  const app = Fastify({
    loggerInstance: deps.logger,
    // One "request completed" line per request comes from the request-context plugin, inside the
    // request's context; the logger's mixin adds request_id, so children need no bindings of their own.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger, _bindings, options) => logger.child({}, options),
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
  void app.register(requestContextPlugin);
  void app.register(problemErrorsPlugin, { bodyLimit: config.BODY_LIMIT_BYTES });
  void app.register(metricsPlugin);
  void app.register(healthRoutes, { probes: deps.probes, isDraining: () => draining });

  // Authentication, authorization and rate limits (a later issue) register here as preHandler hooks
  // scoped to the /v1 routes, so probes and /metrics stay open.
  void app.register(async (v1) => {
    const routeDeps = { downstreams: deps.downstreams };
    await v1.register(businessesRoutes, routeDeps);
    await v1.register(servicesRoutes, routeDeps);
    await v1.register(bookingsRoutes, routeDeps);
    await v1.register(analyticsRoutes, routeDeps);
  });
  return app;
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
  const connections = connectDownstreams(config);
  const app = buildGateway(config, { logger, downstreams: connections.clients, probes: connections.probes });
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    connections.close();
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
    },
  };
}

import type { FastifyPluginAsync } from 'fastify';
import { checkDownstreams, type DownstreamProbe } from '../../downstream/downstreams';
import { withProblems } from './common.schemas';
import { HttpErrors } from './http.errors';
import { sendProblem } from './problem-errors.plugin';

export interface HealthDeps {
  probes: DownstreamProbe[];
  /** True once shutdown has begun: the load balancer should stop sending traffic here. */
  isDraining: () => boolean;
}

const downstreamStatuses = {
  type: 'object',
  additionalProperties: { type: 'string', enum: ['SERVING', 'NOT_SERVING'] },
} as const;

const liveResponse = {
  $id: 'Liveness',
  title: 'Liveness',
  type: 'object',
  properties: { status: { type: 'string' } },
  required: ['status'],
  additionalProperties: false,
} as const;

const readyResponse = {
  $id: 'Readiness',
  title: 'Readiness',
  type: 'object',
  properties: { status: { type: 'string' }, downstreams: downstreamStatuses },
  required: ['status', 'downstreams'],
  additionalProperties: false,
} as const;

export const healthRoutes: FastifyPluginAsync<HealthDeps> = async (app, { probes, isDraining }) => {
  // Liveness: the event loop answers. Never depends on downstreams, or one outage restarts every pod.
  app.get('/healthz', { schema: { response: { 200: liveResponse } } }, async () => ({ status: 'ok' }));

  // Readiness: every downstream's grpc.health.v1 says SERVING, and we are not shutting down.
  app.get('/readyz', { schema: { response: withProblems({ 200: readyResponse }) } }, async (request, reply) => {
    const downstreams = await checkDownstreams(probes);
    const down = Object.entries(downstreams)
      .filter(([, status]) => status !== 'SERVING')
      .map(([name]) => name);
    if (down.length > 0 || isDraining()) return sendProblem(request, reply, HttpErrors.notReady(down), undefined, { downstreams });
    return { status: 'ready', downstreams };
  });
};

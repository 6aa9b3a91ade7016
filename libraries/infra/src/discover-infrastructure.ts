import { InfrastructureError } from './infrastructure.errors';
import type { DiscoveryOptions, Infrastructure, ResolvedService } from './infrastructure.types';
import { discoverNats } from './nats.discovery';
import { discoverPostgres } from './postgres.discovery';
import { discoverRedis } from './redis.discovery';

async function stopAll(services: ResolvedService[]): Promise<void> {
  await Promise.all(services.map((service) => service.stop()));
}

/**
 * Finds (or starts) PostgreSQL, Redis and NATS for one process tree: each from its env variable, else
 * the default local port, else a private instance under `.data/`. All three are searched at once; if
 * any fails, whatever was started is stopped again and one error names every problem.
 */
export async function discoverInfrastructure(options: DiscoveryOptions = {}): Promise<Infrastructure> {
  const outcomes = await Promise.allSettled([discoverPostgres(options), discoverRedis(options), discoverNats(options)]);
  const found = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const problems = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
  if (problems.length > 0) {
    await stopAll(found);
    if (problems.length === 1 && problems[0] instanceof Error) throw problems[0];
    const messages = problems.map((problem) => (problem instanceof Error ? problem.message : String(problem)));
    throw new InfrastructureError(messages.join('; '), { cause: problems[0] });
  }
  const [postgres, redis, nats] = found as [ResolvedService, ResolvedService, ResolvedService];
  return {
    databaseUrl: postgres.url,
    redisUrl: redis.url,
    natsUrl: nats.url,
    sources: { postgres: postgres.source, redis: redis.source, nats: nats.source },
    stop: () => stopAll([nats, redis, postgres]),
  };
}

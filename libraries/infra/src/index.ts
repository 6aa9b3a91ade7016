export { discoverInfrastructure } from './discover-infrastructure';
export { discoverPostgres, DEFAULT_DATABASE } from './postgres.discovery';
export { discoverRedis, probeRedis } from './redis.discovery';
export { discoverNats, probeNats } from './nats.discovery';
export { ensureDatabase, probePostgres, withDatabase } from './postgres.probe';
export { findExecutable } from './find-executable';
export { DEFAULT_DATA_DIR } from './discovery-chain';
export { InfrastructureError } from './infrastructure.errors';
export type { DiscoveryOptions, Infrastructure, InfraService, InfraSource, ResolvedService } from './infrastructure.types';

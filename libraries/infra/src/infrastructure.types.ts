/** The three backing services every Omotenashi process needs. */
export type InfraService = 'postgres' | 'redis' | 'nats';

/** Where a URL came from: the service's env variable, the default local port, or a private instance under `.data/`. */
export type InfraSource = 'env' | 'local' | 'private';

export interface DiscoveryOptions {
  /** Environment to read DATABASE_URL, REDIS_URL and NATS_URL from. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /**
   * Database name put into the returned Postgres URL. Default: the one in DATABASE_URL when it is set,
   * else `omotenashi`. Created when missing (except `postgres`, which always exists).
   */
  database?: string;
  /** Look at the default local ports (5432, 6379, 4222). Default: true. */
  useLocal?: boolean;
  /** Start private instances under `dataDir` when nothing else answers. Default: true. */
  allowPrivate?: boolean;
  /** Where private instances keep their data and logs. Default: `<repo>/.data`. */
  dataDir?: string;
  localPorts?: Partial<Record<InfraService, number>>;
  privatePorts?: Partial<Record<InfraService, number>>;
  /** Receives one short line per decision (which URL was chosen and why). Default: silent. */
  log?: (line: string) => void;
}

/** One resolved service. `stop()` stops the private instance only when this call started it. */
export interface ResolvedService {
  service: InfraService;
  url: string;
  source: InfraSource;
  /** True when this call started a private process (false when it reused one already listening). */
  started: boolean;
  stop(): Promise<void>;
}

export interface Infrastructure {
  databaseUrl: string;
  redisUrl: string;
  natsUrl: string;
  sources: Record<InfraService, InfraSource>;
  /** Stops whatever private instances this call started; everything else is left alone. */
  stop(): Promise<void>;
}

import { Client } from 'pg';
import { discoverInfrastructure, discoverNats, discoverPostgres, discoverRedis, withDatabase } from '@omotenashi/infra';
import { closedPort } from './infra-test.helpers';

// The services the Jest global setup found (or started) for this run: reachable by construction.
const running = {
  DATABASE_URL: process.env.DATABASE_URL!,
  REDIS_URL: process.env.REDIS_URL!,
  NATS_URL: process.env.NATS_URL!,
};
const portOf = (url: string) => Number(new URL(url).port);

describe('discovery from configured URLs', () => {
  it('When DATABASE_URL, REDIS_URL and NATS_URL are set, then discovery returns them unchanged with source env', async () => {
    const infra = await discoverInfrastructure({ env: running });

    expect(infra).toMatchObject({ databaseUrl: running.DATABASE_URL, redisUrl: running.REDIS_URL, natsUrl: running.NATS_URL });
    expect(infra.sources).toEqual({ postgres: 'env', redis: 'env', nats: 'env' });
    await infra.stop();
  });

  it('When REDIS_URL points at a closed port, then discovery fails naming REDIS_URL', async () => {
    const port = await closedPort();

    await expect(discoverRedis({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } })).rejects.toThrow(
      `REDIS_URL is set but Redis at 127.0.0.1:${port} is not usable (ECONNREFUSED)`,
    );
  });

  it('When NATS_URL points at a closed port, then discovery fails naming NATS_URL', async () => {
    const port = await closedPort();

    await expect(discoverNats({ env: { NATS_URL: `nats://127.0.0.1:${port}` } })).rejects.toThrow(
      `NATS_URL is set but NATS with JetStream at 127.0.0.1:${port} is not usable (ECONNREFUSED)`,
    );
  });

  it('When DATABASE_URL points at a closed port, then discovery fails naming DATABASE_URL without its password', async () => {
    const port = await closedPort();

    const failure = discoverPostgres({ env: { DATABASE_URL: `postgres://app:s3cret@127.0.0.1:${port}/app` } });

    await expect(failure).rejects.toThrow(`DATABASE_URL is set but PostgreSQL at 127.0.0.1:${port} is not usable (ECONNREFUSED)`);
    await expect(failure).rejects.not.toThrow(/s3cret/);
  });

  it('When one of three configured URLs is unreachable, then the one-line error names only that variable', async () => {
    const port = await closedPort();

    const failure = discoverInfrastructure({ env: { ...running, NATS_URL: `nats://127.0.0.1:${port}` } });

    await expect(failure).rejects.toThrow(/NATS_URL/);
    await expect(failure).rejects.not.toThrow(/REDIS_URL|DATABASE_URL|\n/);
  });

  it('When DATABASE_URL names a database that does not exist yet, then discovery creates it', async () => {
    const name = `omo_infra_test_${Date.now().toString(36)}`;

    const resolved = await discoverPostgres({ env: { DATABASE_URL: withDatabase(running.DATABASE_URL, name) } });

    const client = new Client({ connectionString: resolved.url });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    await client.end();
    expect(rows[0]?.db).toBe(name);
    const admin = new Client({ connectionString: running.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it('When a database name is requested, then it replaces the one in DATABASE_URL', async () => {
    const resolved = await discoverPostgres({ env: { DATABASE_URL: withDatabase(running.DATABASE_URL, 'omotenashi') }, database: 'postgres' });

    expect(new URL(resolved.url).pathname).toBe('/postgres');
  });

  it('When nothing is configured and the local ports answer, then discovery uses them with source local', async () => {
    const localPorts = { redis: portOf(running.REDIS_URL), nats: portOf(running.NATS_URL) };

    const [redis, nats] = await Promise.all([
      discoverRedis({ env: {}, localPorts, allowPrivate: false }),
      discoverNats({ env: {}, localPorts, allowPrivate: false }),
    ]);

    expect(redis).toMatchObject({ source: 'local', url: `redis://127.0.0.1:${localPorts.redis}`, started: false });
    expect(nats).toMatchObject({ source: 'local', url: `nats://127.0.0.1:${localPorts.nats}`, started: false });
  });

  it('When nothing is configured, nothing answers and private instances are not allowed, then the error says which variable to set', async () => {
    const port = await closedPort();

    await expect(discoverRedis({ env: {}, localPorts: { redis: port }, allowPrivate: false })).rejects.toThrow(
      `Redis is not running on 127.0.0.1:${port}: start it, or set REDIS_URL`,
    );
  });
});

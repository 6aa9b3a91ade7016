import { discoverNats, discoverPostgres, discoverRedis, type ResolvedService } from '@omotenashi/infra';
import { Client } from 'pg';
import { closedPort, processesMentioning, refusesConnections, tempDataDir } from './infra-test.helpers';

// Nothing local may be picked up: every test asks for private instances on ports nothing else uses.
const privately = async (service: 'redis' | 'nats' | 'postgres', dataDir: string, env: NodeJS.ProcessEnv = {}) => {
  const port = await closedPort();
  return { port, options: { env, useLocal: false, dataDir, privatePorts: { [service]: port } } };
};

describe('private instances under the data dir', () => {
  const data = tempDataDir();
  const started: ResolvedService[] = [];
  afterAll(async () => {
    await Promise.all(started.map((service) => service.stop()));
    data.remove();
  });

  it('When nothing answers, then a private redis-server starts on its port and stop() leaves no process', async () => {
    const { port, options } = await privately('redis', data.dir);

    const redis = await discoverRedis(options);
    started.push(redis);

    expect(redis).toMatchObject({ source: 'private', started: true, url: `redis://127.0.0.1:${port}` });
    // redis-server retitles itself `redis-server 127.0.0.1:<port>`.
    expect(processesMentioning(`redis-server 127.0.0.1:${port}`)).toHaveLength(1);
    await redis.stop();
    expect(processesMentioning(`127.0.0.1:${port}`)).toEqual([]);
    expect(await refusesConnections(port)).toBe(true);
  });

  it('When nothing answers, then a private nats-server with JetStream starts on its port and stop() leaves no process', async () => {
    const { port, options } = await privately('nats', data.dir);

    const nats = await discoverNats(options);
    started.push(nats);

    expect(nats).toMatchObject({ source: 'private', started: true, url: `nats://127.0.0.1:${port}` });
    expect(processesMentioning(`-p ${port}`)).toHaveLength(1);
    await nats.stop();
    expect(processesMentioning(`-p ${port}`)).toEqual([]);
    expect(await refusesConnections(port)).toBe(true);
  });

  it('When a private instance from an earlier run still listens, then discovery reuses it and its stop() leaves it running', async () => {
    const { port, options } = await privately('redis', data.dir);
    const first = await discoverRedis(options);
    started.push(first);

    const second = await discoverRedis(options);
    await second.stop();

    expect(second).toMatchObject({ source: 'private', started: false, url: first.url });
    expect(await refusesConnections(port)).toBe(false);
    await first.stop();
    expect(await refusesConnections(port)).toBe(true);
  });

  it('When redis-server is not installed, then the error is one line saying what to install or which variable to set', async () => {
    const { options } = await privately('redis', data.dir, { PATH: data.dir });

    const failure = discoverRedis(options);

    await expect(failure).rejects.toThrow(
      'Redis is not running and redis-server is not installed: apt-get install redis-server (or brew install redis), or set REDIS_URL',
    );
    await expect(failure).rejects.not.toThrow(/\n/);
  });

  it('When nothing answers, then embedded Postgres initialises in the data dir, serves the database, and stop() leaves no process', async () => {
    const { port, options } = await privately('postgres', data.dir);

    const postgres = await discoverPostgres({ ...options, database: 'omotenashi' });
    started.push(postgres);

    expect(postgres).toMatchObject({ source: 'private', started: true, url: `postgres://postgres@127.0.0.1:${port}/omotenashi` });
    const client = new Client({ connectionString: postgres.url });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    await client.end();
    expect(rows[0]?.db).toBe('omotenashi');
    await postgres.stop();
    expect(processesMentioning(`-p ${port}`)).toEqual([]);
    expect(await refusesConnections(port)).toBe(true);
  });
});

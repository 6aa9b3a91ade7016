import { createTestInfra, type TestInfra } from '@omotenashi/testkit';
import type { DataSource } from 'typeorm';
import { createServiceDataSource, MAX_PREPARED_PER_CONNECTION, statementName } from '../src';

/** Named statements this connection has prepared, as Postgres sees them. */
async function preparedNames(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    // The same connection: both queries run on the runner's one client.
    await runner.query('SELECT 1 WHERE $1::int = 1', [1]);
    const rows = (await runner.query('SELECT name FROM pg_prepared_statements ORDER BY name')) as { name: string }[];
    return rows.map((row) => row.name);
  } finally {
    await runner.release();
  }
}

describe('prepared statements (PreparingClient)', () => {
  let infra: TestInfra;
  const sources: DataSource[] = [];

  const open = async (preparedStatements?: boolean) => {
    // One connection, so every query below lands on the client whose statements are inspected.
    const dataSource = await createServiceDataSource({ url: infra.databaseUrl, schema: 'public', environment: 'test', serviceRole: '', poolMin: 1, poolMax: 1, preparedStatements }).initialize();
    sources.push(dataSource);
    return dataSource;
  };

  beforeAll(async () => {
    infra = await createTestInfra('dbprepared');
  });

  afterAll(async () => {
    for (const dataSource of sources) await dataSource.destroy();
    await infra?.cleanup();
  });

  it('When a parameterized query runs again and again, then it is prepared once on the connection and answers like an unnamed one', async () => {
    const dataSource = await open();
    const text = 'SELECT $1::int + $2::int AS sum, $3::text AS label';
    for (let i = 0; i < 5; i++) {
      expect(await dataSource.query(text, [i, 40, `run ${i}`])).toEqual([{ sum: i + 40, label: `run ${i}` }]);
    }
    const names = await preparedNames(dataSource);
    expect(names).toContain(statementName(text));
    expect(names.filter((name) => name === statementName(text))).toHaveLength(1);
    // Statements without parameters, and transactions, are not prepared.
    await dataSource.transaction(async (manager) => manager.query('SELECT 42'));
    expect(await preparedNames(dataSource)).not.toContain(statementName('SELECT 42'));
  });

  it('When a prepared statement fails, then the error is the query\'s and the connection keeps working', async () => {
    const dataSource = await open();
    await expect(dataSource.query('SELECT 1 / $1::int AS x', [0])).rejects.toThrow(/division by zero/);
    expect(await dataSource.query('SELECT 1 / $1::int AS x', [1])).toEqual([{ x: 1 }]);
    await expect(dataSource.query('SELEC $1::int', [1])).rejects.toThrow(/syntax error/);
    expect(await dataSource.query('SELECT $1::int AS y', [7])).toEqual([{ y: 7 }]);
  });

  it('When more distinct texts run than a connection may prepare, then the rest run unnamed and still answer', async () => {
    const dataSource = await open();
    const extra = 10;
    for (let i = 0; i < MAX_PREPARED_PER_CONNECTION + extra; i++) {
      expect(await dataSource.query(`SELECT $1::int AS n, ${i} AS i`, [i])).toEqual([{ n: i, i }]);
    }
    const names = await preparedNames(dataSource);
    expect(names.length).toBeLessThanOrEqual(MAX_PREPARED_PER_CONNECTION);
    expect(names).not.toContain(statementName(`SELECT $1::int AS n, ${MAX_PREPARED_PER_CONNECTION + extra - 1} AS i`));
  });

  it('When prepared statements are turned off (DB_PREPARED_STATEMENTS=false), then nothing is prepared', async () => {
    const dataSource = await open(false);
    await dataSource.query('SELECT $1::int AS z', [1]);
    expect(await preparedNames(dataSource)).toEqual([]);
  });
});

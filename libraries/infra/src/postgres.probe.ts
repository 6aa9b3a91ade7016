import { Client } from 'pg';

const MISSING_DATABASE = '3D000';

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

async function withClient<T>(url: string, timeoutMs: number, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined); // a dropped connection surfaces through the pending query instead
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Logs in and runs `SELECT 1`. A missing database still counts as a usable server: it gets created next. */
export async function probePostgres(url: string, timeoutMs: number): Promise<void> {
  try {
    await withClient(url, timeoutMs, (client) => client.query('SELECT 1'));
  } catch (error) {
    if ((error as { code?: string }).code !== MISSING_DATABASE) throw error;
  }
}

/** Creates the database named in `url` when it does not exist yet. */
export async function ensureDatabase(url: string, timeoutMs = 5_000): Promise<void> {
  const name = databaseOf(url);
  if (!name || name === 'postgres') return;
  try {
    await probeDatabase(url, timeoutMs);
  } catch (error) {
    if ((error as { code?: string }).code !== MISSING_DATABASE) throw error;
    await withClient(withDatabase(url, 'postgres'), timeoutMs, async (client) => {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`).catch((failure: { code?: string }) => {
        if (failure.code !== '42P04') throw failure; // created concurrently by another process
      });
    });
  }
}

function probeDatabase(url: string, timeoutMs: number) {
  return withClient(url, timeoutMs, (client) => client.query('SELECT 1'));
}

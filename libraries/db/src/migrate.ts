import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { serviceRoleName, type ServiceDataSourceOptions } from './data-source';

/** Creates the database named in `url` when it does not exist yet (fresh machines, test runs). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) return;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created concurrently by another process
      });
    }
  } finally {
    await client.end();
  }
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * Brings a service's schema up to date: the schema, its runtime role (which may use only this schema),
 * the migrations, then grants on what the migrations made. Runs as the connection's own user.
 */
export async function migrateServiceSchema(options: ServiceDataSourceOptions): Promise<string[]> {
  await ensureDatabase(options.url);
  const role = options.serviceRole ?? serviceRoleName(options.schema);
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    migrations: options.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    applicationName: `omotenashi-${options.schema}-migrate`,
    extra: { max: 1, options: `-c search_path=${options.schema},public` },
  });
  await dataSource.initialize();
  try {
    // Concurrent migrators (several replicas starting at once) take turns.
    await dataSource.query('SELECT pg_advisory_lock(hashtext($1))', [`migrate:${options.schema}`]);
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${quote(options.schema)}`);
    if (role) {
      await dataSource.query(
        `DO $$ BEGIN
           IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${quote(role)} NOLOGIN; END IF;
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
      );
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (role) {
      const schema = quote(options.schema);
      await dataSource.query(`GRANT USAGE ON SCHEMA ${schema} TO ${quote(role)}`);
      await dataSource.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${quote(role)}`);
      await dataSource.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${quote(role)}`);
    }
    await dataSource.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrate:${options.schema}`]);
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

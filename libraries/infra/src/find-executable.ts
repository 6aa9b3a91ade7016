import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** sbin directories are not on every user's PATH, yet Debian installs nats-server there. */
const EXTRA_DIRECTORIES = ['/usr/local/sbin', '/usr/sbin'];

/** Absolute path of an executable found on PATH or in the usual sbin directories, else undefined. */
export function findExecutable(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  const directories = [...searchPath.split(path.delimiter).filter(Boolean), ...EXTRA_DIRECTORIES];
  for (const directory of directories) {
    const candidate = path.join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

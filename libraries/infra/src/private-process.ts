import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InfrastructureError } from './infrastructure.errors';

export interface PrivateProcessSpec {
  /** Name used in messages, e.g. `redis-server`. */
  name: string;
  command: string;
  args: string[];
  /** stdout and stderr are appended here, so the process never depends on our pipes staying open. */
  logFile: string;
  /** Signal that makes the process shut down cleanly (Postgres: SIGINT = fast shutdown). */
  stopSignal: NodeJS.Signals;
  uid?: number;
  gid?: number;
}

export interface PrivateProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  stop(timeoutMs?: number): Promise<void>;
}

const running = new Map<number, PrivateProcess & { stopSignal: NodeJS.Signals }>();
let exitHookInstalled = false;

/** If the owner exits without calling stop() (crash, forgotten teardown), its private instances go with it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const [pid, instance] of running) {
      try {
        process.kill(pid, instance.stopSignal);
      } catch {
        // already gone
      }
    }
  });
}

/** The last line a process logged, for one-line error messages ('' when there is no log). */
export function lastLogLine(logFile: string): string {
  try {
    const lines = readFileSync(logFile, 'utf8').slice(-4096).split('\n').map((line) => line.trim());
    return lines.filter(Boolean).pop() ?? '';
  } catch {
    return '';
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves when the child has exited (immediately if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts a long-running server in its own process group (so a Ctrl-C aimed at the terminal reaches the
 * services first and the infrastructure only when we stop it) with output going to a log file.
 */
export function startPrivateProcess(spec: PrivateProcessSpec): PrivateProcess {
  mkdirSync(path.dirname(spec.logFile), { recursive: true });
  const log = openSync(spec.logFile, 'a');
  const options: SpawnOptions = { detached: true, stdio: ['ignore', log, log], uid: spec.uid, gid: spec.gid };
  let child: ChildProcess;
  try {
    child = spawn(spec.command, spec.args, options);
  } finally {
    closeSync(log);
  }
  child.once('error', () => undefined); // reported below (no pid) or as an early exit by waitUntilReady
  if (child.pid === undefined) {
    throw new InfrastructureError(`could not start ${spec.command}`);
  }
  child.unref();
  const pid = child.pid;
  const instance = {
    pid,
    child,
    stopSignal: spec.stopSignal,
    async stop(timeoutMs = 15_000) {
      if (!hasExited(child)) {
        child.kill(spec.stopSignal);
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
        const outcome = await Promise.race([exited(child), timedOut]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
          child.kill('SIGKILL');
          await exited(child);
        }
      }
      running.delete(pid);
    },
  };
  child.once('exit', () => running.delete(pid));
  running.set(pid, instance);
  installExitHook();
  return instance;
}

/**
 * Polls `isReady` until it returns true. Fails with a one-line message (pointing at the log) when the
 * process exits first or `timeoutMs` passes.
 */
export async function waitUntilReady(
  instance: PrivateProcess,
  spec: Pick<PrivateProcessSpec, 'name' | 'logFile'>,
  isReady: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited(instance.child)) {
      const how = instance.child.exitCode !== null ? `code ${instance.child.exitCode}` : instance.child.signalCode;
      const last = lastLogLine(spec.logFile);
      throw new InfrastructureError(`${spec.name} exited (${how}) before accepting connections${last ? `: ${last}` : ''}; see ${spec.logFile}`);
    }
    if (await isReady()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await instance.stop();
  throw new InfrastructureError(`${spec.name} did not accept connections within ${timeoutMs / 1000} s; see ${spec.logFile}`);
}

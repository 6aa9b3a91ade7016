// Starts child processes in their own process groups, tags their output, and stops them all on demand.
import { spawn } from 'node:child_process';
import { pipeTagged, reserveTag } from './output.mjs';

const exited = (child) => child.exitCode !== null || child.signalCode !== null;
const describeExit = (code, signal) => (signal ? `signal ${signal}` : `code ${code}`);

export class Supervisor {
  /** Every child ever started, exited or not: its process group may outlive it (grandchildren). */
  #children = new Set();
  #stopping = false;

  /** @param {(tag: string, how: string) => void} onUnexpectedExit called when a long-running child dies on its own */
  constructor(onUnexpectedExit) {
    this.onUnexpectedExit = onUnexpectedExit;
  }

  get started() {
    return this.#children.size;
  }

  get stopping() {
    return this.#stopping;
  }

  /**
   * Spawns `node <script> <role>`. Resolves with the exit code when the child ends; a long-running child
   * (`expectExit: false`) that ends before stopAll() is reported through onUnexpectedExit.
   */
  run({ tag, group, script, args, cwd, env, expectExit }) {
    reserveTag(tag);
    // Own process group: Ctrl-C in the terminal reaches only us, so we decide the order of shutdown,
    // and a SIGKILL to the group also takes any grandchildren.
    const child = spawn(process.execPath, [script, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const entry = { tag, child };
    this.#children.add(entry);
    pipeTagged(child.stdout, process.stdout, tag, group);
    pipeTagged(child.stderr, process.stderr, tag, group);
    return new Promise((resolve) => {
      child.once('error', (error) => {
        if (!expectExit && !this.#stopping) this.onUnexpectedExit(tag, error.message);
        resolve(1);
      });
      child.once('exit', (code, signal) => {
        if (!expectExit && !this.#stopping) this.onUnexpectedExit(tag, describeExit(code, signal));
        resolve(code ?? 1);
      });
    });
  }

  /** SIGTERM to every child's group, then SIGKILL to whatever is left after `timeoutMs`. */
  async stopAll(timeoutMs) {
    this.#stopping = true;
    const entries = [...this.#children];
    const signalGroup = (child, signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // group already gone
      }
    };
    for (const { child } of entries) if (child.pid) signalGroup(child, 'SIGTERM');
    const allExited = Promise.all(entries.map(({ child }) => (exited(child) ? null : new Promise((r) => child.once('exit', r)))));
    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([allExited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      const stuck = entries.filter(({ child }) => !exited(child)).map(({ tag }) => tag.trim());
      console.error(`still running after ${timeoutMs / 1000} s, killing: ${stuck.join(', ')}`);
    }
    // Leaders that exited (or crashed earlier) may have left grandchildren behind in their group.
    for (const { child } of entries) if (child.pid) signalGroup(child, 'SIGKILL');
    await allExited;
  }
}

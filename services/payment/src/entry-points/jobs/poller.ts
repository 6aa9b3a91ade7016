import type { Logger } from '@omotenashi/logging';

export interface Poller {
  /** Runs a pass soon (after `delayMs`) instead of waiting for the next interval. */
  wake(delayMs?: number): void;
  /** Finishes the pass in progress, then stops. */
  stop(): Promise<void>;
}

/**
 * Calls `pass` every `intervalMs` and whenever woken, never two passes at once. A pass returns true
 * when it did work, which starts the next one at once (drains a backlog without waiting).
 */
export function startPoller(name: string, pass: () => Promise<boolean>, intervalMs: number, logger: Logger): Poller {
  let stopping = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let dueAt = Infinity;
  let again = false;

  /** Keeps whichever pass is due first, so a stream of wake-ups can never postpone work indefinitely. */
  const schedule = (delayMs: number) => {
    if (stopping || Date.now() + delayMs >= dueAt) return;
    if (timer) clearTimeout(timer);
    dueAt = Date.now() + delayMs;
    timer = setTimeout(run, delayMs);
    timer.unref();
  };

  function run(): void {
    timer = undefined;
    dueAt = Infinity;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      let worked = false;
      try {
        worked = await pass();
      } catch (error) {
        logger.warn({ err: error, poller: name }, 'background pass failed; retrying at the next interval');
      }
      running = undefined;
      const soon = worked || again;
      again = false;
      schedule(soon ? 0 : intervalMs);
    })();
  }

  schedule(0);
  return {
    wake: (delayMs = 0) => schedule(delayMs),
    stop: async () => {
      stopping = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

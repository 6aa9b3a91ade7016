import type { Logger } from '@omotenashi/logging';

export type Warn = (fields: Record<string, unknown>, message: string) => void;

/** While Redis is down every request fails the same way; one line per interval says so, with a count. */
export function throttledWarning(logger: Logger | undefined, intervalMs = 10_000): Warn {
  let lastLoggedAt = -Infinity;
  let suppressed = 0;
  return (fields, message) => {
    const now = Date.now();
    if (now - lastLoggedAt < intervalMs) {
      suppressed++;
      return;
    }
    logger?.warn({ ...fields, suppressed }, message);
    lastLoggedAt = now;
    suppressed = 0;
  };
}

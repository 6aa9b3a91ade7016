import { dueCommandIds } from '../../data-access/command.repository';
import type { PaymentDeps } from '../../domain/use-cases/payment-deps';
import { runCommand } from '../../domain/use-cases/run-command.use-case';
import { startPoller, type Poller } from './poller';

const BATCH = 20;
/** Commands are usually recorded by a transaction that commits just after the wake-up call. */
const WAKE_DELAY_MS = 20;

/**
 * Sends pending provider commands (captures, cancels, refunds): the new ones at once when woken, and
 * the ones left pending by an outage or a crash once their backoff or lease has passed.
 */
export function startCommandRunner(deps: Omit<PaymentDeps, 'wakeCommands'>, pollIntervalMs: number): Poller & { wakeSoon(): void } {
  const wakeSoon = () => poller.wake(WAKE_DELAY_MS);
  const full: PaymentDeps = { ...deps, wakeCommands: wakeSoon };
  const poller: Poller = startPoller(
    'provider-commands',
    async () => {
      const ids = await dueCommandIds(deps.dataSource.manager, BATCH);
      // One payment's commands are independent of another's: send them side by side.
      await Promise.all(ids.map((id) => runCommand(full, id).catch((error: unknown) => deps.logger.warn({ err: error, command_id: id }, 'provider command crashed'))));
      return ids.length === BATCH;
    },
    pollIntervalMs,
    deps.logger,
  );
  return { ...poller, wakeSoon };
}

import { CommonErrors, isAppError } from '@omotenashi/errors';
import type { Logger } from '@omotenashi/logging';
import { counter, gauge } from '@omotenashi/metrics';
import CircuitBreaker from 'opossum';

export interface BreakerSettings {
  errorThresholdPercentage: number;
  volumeThreshold: number;
  rollingCountTimeoutMs: number;
  resetTimeoutMs: number;
}

const STATE_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

const breakerState = gauge({
  name: 'circuit_breaker_state',
  help: 'Circuit breaker per downstream: 0 closed, 1 half-open (one trial call allowed), 2 open (calls fail fast)',
  labelNames: ['downstream'],
});
const breakerEvents = counter({
  name: 'circuit_breaker_events_total',
  help: 'Circuit breaker events per downstream: success, failure, reject (failed fast while open), open, half_open, close',
  labelNames: ['downstream', 'event'],
});

/**
 * Only a failure of the downstream itself counts against its breaker: it is unreachable
 * (UNAVAILABLE) or too slow (DEADLINE_EXCEEDED), as the transport or the service's own COMMON codes
 * say. Business answers such as NOT_FOUND or BOOKING.SLOT_TAKEN prove the service is up, so they count
 * as successes; so does a service's own word that something behind it is down
 * (PAYMENT.PROVIDER_UNAVAILABLE: the payment service answers, its PSP does not).
 */
export function isTransportFailure(error: unknown): boolean {
  return isAppError(error) && (error.kind === 'unavailable' || error.kind === 'deadline_exceeded') && error.code.startsWith('COMMON.');
}

type Call = () => Promise<unknown>;

/**
 * One opossum breaker in front of one downstream. The gRPC deadline is the call's timeout (it also
 * cancels the call on the server), so opossum's own timer is off. While the breaker is open every
 * call fails at once with COMMON.UNAVAILABLE (503) and Retry-After = the time left until the trial call.
 */
export class DownstreamBreaker {
  private readonly breaker: CircuitBreaker<[Call], unknown>;
  private openedAt = 0;

  constructor(
    readonly downstream: string,
    private readonly settings: BreakerSettings,
    logger?: Logger,
  ) {
    this.breaker = new CircuitBreaker((call: Call) => call(), {
      name: downstream,
      timeout: false,
      errorThresholdPercentage: settings.errorThresholdPercentage,
      volumeThreshold: settings.volumeThreshold,
      rollingCountTimeout: settings.rollingCountTimeoutMs,
      resetTimeout: settings.resetTimeoutMs,
      errorFilter: (error: unknown) => !isTransportFailure(error),
    });
    const labels = { downstream };
    breakerState.set(labels, STATE_VALUE.closed);
    const count = (event: string) => breakerEvents.inc({ downstream, event });
    this.breaker.on('success', () => count('success'));
    this.breaker.on('failure', () => count('failure'));
    this.breaker.on('reject', () => count('reject'));
    this.breaker.on('open', () => {
      this.openedAt = Date.now();
      breakerState.set(labels, STATE_VALUE.open);
      count('open');
      logger?.warn({ downstream, retry_in_ms: settings.resetTimeoutMs }, 'circuit breaker opened: calls fail fast');
    });
    this.breaker.on('halfOpen', () => {
      breakerState.set(labels, STATE_VALUE.half_open);
      count('half_open');
      logger?.info({ downstream }, 'circuit breaker half-open: next call is a trial');
    });
    this.breaker.on('close', () => {
      breakerState.set(labels, STATE_VALUE.closed);
      count('close');
      logger?.info({ downstream }, 'circuit breaker closed: downstream recovered');
    });
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    try {
      return (await this.breaker.fire(call)) as T;
    } catch (error) {
      if (!isBreakerRejection(error)) throw error;
      throw CommonErrors.unavailable(this.downstream, this.secondsUntilTrial(), error);
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
  }

  /** Whole seconds until the breaker lets a trial call through (at least 1: Retry-After: 0 invites a storm). */
  private secondsUntilTrial(): number {
    const left = this.openedAt + this.settings.resetTimeoutMs - Date.now();
    return Math.max(1, Math.ceil(left / 1000));
  }
}

/** Open (EOPENBREAKER), or half-open with its one trial call already in flight. */
function isBreakerRejection(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EOPENBREAKER' || code === 'ESEMLOCKED';
}

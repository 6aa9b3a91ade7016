import type { Logger } from '@omotenashi/logging';
import CircuitBreaker from 'opossum';
import { PaymentErrors } from '../domain/payment.errors';
import { paymentMetrics } from '../payment.metrics';
import { ProviderRequestError, type PaymentProvider } from '../providers/payment-provider';

export interface BreakerSettings {
  timeoutMs: number;
  errorThresholdPercentage: number;
  volumeThreshold: number;
  rollingCountTimeoutMs: number;
  resetTimeoutMs: number;
}

const STATE = { closed: 0, half_open: 1, open: 2 } as const;

type Call = () => Promise<unknown>;

/**
 * One opossum breaker per provider around every call, with the provider timeout. A refusal the
 * provider answered (ProviderRequestError: declined, bad amount) proves it is up and does not count;
 * timeouts and transport failures do. Open: every call fails at once with PAYMENT.PROVIDER_UNAVAILABLE.
 */
export class ProviderBreaker {
  private readonly breaker: CircuitBreaker<[Call], unknown>;
  private openedAt = 0;

  constructor(
    readonly provider: string,
    private readonly settings: BreakerSettings,
    logger: Logger,
  ) {
    this.breaker = new CircuitBreaker((call: Call) => call(), {
      name: `payment-${provider}`,
      timeout: settings.timeoutMs,
      errorThresholdPercentage: settings.errorThresholdPercentage,
      volumeThreshold: settings.volumeThreshold,
      rollingCountTimeout: settings.rollingCountTimeoutMs,
      resetTimeout: settings.resetTimeoutMs,
      errorFilter: (error: unknown) => error instanceof ProviderRequestError || (error as Error)?.name === 'ProviderRequestError',
    });
    const labels = { provider };
    paymentMetrics.breakerState.set(labels, STATE.closed);
    this.breaker.on('open', () => {
      this.openedAt = Date.now();
      paymentMetrics.breakerState.set(labels, STATE.open);
      logger.warn({ provider, retry_in_ms: settings.resetTimeoutMs }, 'payment provider breaker opened: calls fail fast');
    });
    this.breaker.on('halfOpen', () => paymentMetrics.breakerState.set(labels, STATE.half_open));
    this.breaker.on('close', () => {
      paymentMetrics.breakerState.set(labels, STATE.closed);
      logger.info({ provider }, 'payment provider breaker closed: provider recovered');
    });
  }

  async run<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const stop = paymentMetrics.providerCallSeconds.startTimer({ provider: this.provider, operation });
    try {
      const result = (await this.breaker.fire(call)) as T;
      stop({ outcome: 'ok' });
      return result;
    } catch (error) {
      if (error instanceof ProviderRequestError || (error as Error)?.name === 'ProviderRequestError') {
        stop({ outcome: 'declined' });
        throw error;
      }
      const code = (error as { code?: unknown } | null)?.code;
      const rejected = code === 'EOPENBREAKER' || code === 'ESEMLOCKED';
      stop({ outcome: rejected ? 'rejected' : 'failed' });
      throw PaymentErrors.providerUnavailable(this.provider, rejected ? this.secondsUntilTrial() : 1, error);
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
  }

  private secondsUntilTrial(): number {
    return Math.max(1, Math.ceil((this.openedAt + this.settings.resetTimeoutMs - Date.now()) / 1000));
  }
}

/** The providers a process may use, each behind its own breaker. */
export class GuardedProviders {
  private readonly breakers = new Map<string, ProviderBreaker>();

  constructor(
    private readonly registry: { names: readonly string[]; defaultName: string; get(name: string): PaymentProvider },
    settings: BreakerSettings,
    logger: Logger,
  ) {
    for (const name of registry.names) this.breakers.set(name, new ProviderBreaker(name, settings, logger));
  }

  get names(): string[] {
    return [...this.registry.names];
  }

  get defaultName(): string {
    return this.registry.defaultName;
  }

  has(name: string): boolean {
    return this.breakers.has(name);
  }

  /** The raw provider (webhook parsing is local work, no breaker). */
  provider(name: string): PaymentProvider {
    if (!this.has(name)) throw PaymentErrors.providerUnknown(name, this.names);
    return this.registry.get(name);
  }

  /** Runs `call` against provider `name` through its breaker. */
  call<T>(name: string, operation: string, call: (provider: PaymentProvider) => Promise<T>): Promise<T> {
    const provider = this.provider(name);
    return (this.breakers.get(name) as ProviderBreaker).run(operation, () => call(provider));
  }

  shutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
  }
}

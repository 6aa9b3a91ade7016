import type { GrpcClient } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import type { bookingV1 } from '@omotenashi/proto';
import type { DataSource } from 'typeorm';
import type { GuardedProviders } from '../../data-access/provider-breaker';

/** What the payment use cases run against. */
export interface PaymentDeps {
  dataSource: DataSource;
  providers: GuardedProviders;
  logger: Logger;
  /** How long one provider call may take: leases on provider work are a little longer. */
  providerTimeoutMs: number;
  /** Attempts of a webhook or provider command before it is parked. */
  maxAttempts: number;
  /** Asks the command runner to look for new provider commands now (they are also polled). */
  wakeCommands: () => void;
}

export interface PaymentServerDeps extends PaymentDeps {
  bookings: GrpcClient<bookingV1.BookingServiceClient>;
}

/** Lease on provider work (an intent being created, a command being sent): past it, another process may take over. */
export const leaseMs = (deps: Pick<PaymentDeps, 'providerTimeoutMs'>) => deps.providerTimeoutMs + 2_000;

/** Exponential backoff from 500 ms, capped at a minute. */
export const backoffMs = (attempt: number) => Math.min(60_000, 500 * 2 ** Math.max(0, attempt - 1));

import {
  credentials,
  type CallOptions,
  type ChannelOptions,
  type Client,
  type ClientUnaryCall,
  type Metadata,
  type ServiceError,
  status,
} from '@grpc/grpc-js';
import { fromGrpcError } from '@omotenashi/errors';
import { histogram, LATENCY_BUCKETS } from '@omotenashi/metrics';
import { metadataFromContext } from './call-metadata';

const clientSeconds = histogram({
  name: 'grpc_client_handling_seconds',
  help: 'Time from sending a unary gRPC call to its answer, by downstream and outcome',
  labelNames: ['downstream', 'method', 'code'],
  buckets: LATENCY_BUCKETS,
});

type UnaryPair<F> = F extends (
  request: infer Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: infer Res) => void,
) => ClientUnaryCall
  ? [Req, Res]
  : never;

type UnaryMethodNames<C> = { [K in keyof C]: UnaryPair<C[K]> extends never ? never : K }[keyof C] & string;

export interface GrpcClientOptions {
  /** Name used in errors and metrics, e.g. `catalog`. */
  downstream: string;
  /** Every call gets a deadline; gRPC has none by default. */
  deadlineMs: number;
}

/**
 * A typed promise facade over a ts-proto client: `await catalog.call('getBusiness', { businessId })`.
 * Every call carries the request context as metadata and a deadline, and failures come back as AppErrors.
 */
export class GrpcClient<C extends Client> {
  readonly raw: C;

  constructor(
    ClientConstructor: new (address: string, creds: ReturnType<typeof credentials.createInsecure>, options?: ChannelOptions) => C,
    target: string,
    private readonly options: GrpcClientOptions,
  ) {
    this.raw = new ClientConstructor(target, credentials.createInsecure(), {
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
      // Retries live in one layer only (the caller's breaker), never here as well.
      'grpc.enable_retries': 0,
      // With a headless Service (one DNS record per pod) calls spread over every server pod.
      'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
    });
  }

  call<K extends UnaryMethodNames<C>>(
    method: K,
    request: UnaryPair<C[K]>[0],
    callOptions: { deadlineMs?: number } = {},
  ): Promise<UnaryPair<C[K]>[1]> {
    const deadline = new Date(Date.now() + (callOptions.deadlineMs ?? this.options.deadlineMs));
    const stopTimer = clientSeconds.startTimer({ downstream: this.options.downstream, method });
    const fn = this.raw[method] as unknown as (
      request: unknown,
      metadata: Metadata,
      options: Partial<CallOptions>,
      callback: (error: ServiceError | null, response: unknown) => void,
    ) => ClientUnaryCall;
    return new Promise((resolve, reject) => {
      fn.call(this.raw, request, metadataFromContext(), { deadline }, (error, response) => {
        stopTimer({ code: error ? status[error.code] : 'OK' });
        if (error) reject(fromGrpcError(error, this.options.downstream));
        else resolve(response as UnaryPair<C[K]>[1]);
      });
    });
  }

  close(): void {
    this.raw.close();
  }
}

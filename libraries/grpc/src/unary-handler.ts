import { status, type handleUnaryCall, type Metadata, type ServerUnaryCall, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { toAppError, toGrpcError } from '@omotenashi/errors';
import { runWithContext, type Logger, type RequestContext } from '@omotenashi/logging';
import { histogram, LATENCY_BUCKETS } from '@omotenashi/metrics';
import { contextFromMetadata } from './call-metadata';

const handlingSeconds = histogram({
  name: 'grpc_server_handling_seconds',
  help: 'Time to handle a unary gRPC call, by outcome code',
  labelNames: ['service', 'method', 'code'],
  buckets: LATENCY_BUCKETS,
});

export interface CallContext extends RequestContext {
  metadata: Metadata;
}

/** A service's handlers as plain async functions: request in, response out, AppError thrown for failures. */
export type UnaryHandlers<S> = {
  // Only the service's own methods, not grpc-js's string index signature.
  [K in keyof S as string extends K ? never : K]: S[K] extends handleUnaryCall<infer Req, infer Res> ? (request: Req, context: CallContext) => Promise<Res> : never;
};

/**
 * Adapts async handlers to grpc-js: each call runs in the caller's request context (so logs carry its
 * request id), is timed, and any thrown error crosses the wire as a gRPC status plus its AppError code.
 */
export function unaryService<S extends UntypedServiceImplementation>(
  serviceName: string,
  handlers: UnaryHandlers<S>,
  logger: Logger,
): S {
  const implementation: Record<string, handleUnaryCall<unknown, unknown>> = {};
  for (const [method, handler] of Object.entries(handlers) as [string, (r: unknown, c: CallContext) => Promise<unknown>][]) {
    implementation[method] = (call: ServerUnaryCall<unknown, unknown>, callback) => {
      const context = contextFromMetadata(call.metadata);
      const stopTimer = handlingSeconds.startTimer({ service: serviceName, method });
      runWithContext(context, () => {
        handler(call.request, { ...context, metadata: call.metadata }).then(
          (response) => {
            stopTimer({ code: 'OK' });
            callback(null, response);
          },
          (error: unknown) => {
            const appError = toAppError(error);
            if (appError.kind === 'internal') logger.error({ err: error, method }, 'gRPC handler failed');
            const grpcError = toGrpcError(appError);
            stopTimer({ code: status[grpcError.code ?? status.UNKNOWN] });
            callback(grpcError, null);
          },
        );
      });
    };
  }
  return implementation as unknown as S;
}

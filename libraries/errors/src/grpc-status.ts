import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { AppError, type ErrorKind, type FieldError, toAppError } from './app-error';

/** Metadata keys that carry an AppError across gRPC (the status code alone is too coarse). */
export const ERROR_CODE_KEY = 'omotenashi-error-code';
const ERROR_KIND_KEY = 'omotenashi-error-kind';
const ERROR_FIELDS_KEY = 'omotenashi-error-fields-bin';
const RETRY_AFTER_KEY = 'omotenashi-retry-after';

const TO_GRPC: Record<ErrorKind, status> = {
  invalid_argument: status.INVALID_ARGUMENT,
  unauthenticated: status.UNAUTHENTICATED,
  permission_denied: status.PERMISSION_DENIED,
  not_found: status.NOT_FOUND,
  conflict: status.ABORTED,
  unprocessable: status.FAILED_PRECONDITION,
  failed_precondition: status.FAILED_PRECONDITION,
  payload_too_large: status.RESOURCE_EXHAUSTED,
  rate_limited: status.RESOURCE_EXHAUSTED,
  unavailable: status.UNAVAILABLE,
  deadline_exceeded: status.DEADLINE_EXCEEDED,
  internal: status.INTERNAL,
};

const FROM_GRPC: Partial<Record<status, ErrorKind>> = {
  [status.INVALID_ARGUMENT]: 'invalid_argument',
  [status.UNAUTHENTICATED]: 'unauthenticated',
  [status.PERMISSION_DENIED]: 'permission_denied',
  [status.NOT_FOUND]: 'not_found',
  [status.ALREADY_EXISTS]: 'conflict',
  [status.ABORTED]: 'conflict',
  [status.FAILED_PRECONDITION]: 'failed_precondition',
  [status.RESOURCE_EXHAUSTED]: 'rate_limited',
  [status.UNAVAILABLE]: 'unavailable',
  [status.DEADLINE_EXCEEDED]: 'deadline_exceeded',
  [status.CANCELLED]: 'unavailable',
};

const KINDS = new Set<string>(Object.keys(TO_GRPC));

/** Server side: any thrown value → a grpc-js ServiceError with the AppError's code in metadata. */
export function toGrpcError(error: unknown): Partial<ServiceError> {
  const appError = toAppError(error);
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_KEY, appError.code);
  metadata.set(ERROR_KIND_KEY, appError.kind);
  if (appError.fields?.length) metadata.set(ERROR_FIELDS_KEY, Buffer.from(JSON.stringify(appError.fields)));
  if (appError.retryAfterSeconds !== undefined) metadata.set(RETRY_AFTER_KEY, String(appError.retryAfterSeconds));
  return {
    code: TO_GRPC[appError.kind],
    details: appError.kind === 'internal' ? 'internal error' : appError.message,
    metadata,
  };
}

/** Client side: a failed call → the AppError the server raised, or a transport error of the right kind. */
export function fromGrpcError(error: unknown, downstream: string): AppError {
  const serviceError = error as Partial<ServiceError>;
  if (typeof serviceError?.code !== 'number') return toAppError(error);
  const metadata = serviceError.metadata;
  const code = metadata?.get(ERROR_CODE_KEY)[0]?.toString();
  const kindValue = metadata?.get(ERROR_KIND_KEY)[0]?.toString();
  const fieldsRaw = metadata?.get(ERROR_FIELDS_KEY)[0];
  const retryAfter = metadata?.get(RETRY_AFTER_KEY)[0];
  if (code && kindValue && KINDS.has(kindValue)) {
    const fields = fieldsRaw ? (JSON.parse(fieldsRaw.toString()) as FieldError[]) : undefined;
    return new AppError(code, serviceError.details ?? code, {
      kind: kindValue as ErrorKind,
      fields,
      retryAfterSeconds: retryAfter ? Number(retryAfter.toString()) : undefined,
      cause: error,
    });
  }
  // No AppError metadata: the failure is the transport's (server down, deadline, cancelled).
  const kind = FROM_GRPC[serviceError.code as status] ?? 'internal';
  if (kind === 'unavailable') {
    return new AppError('COMMON.UNAVAILABLE', `${downstream} is temporarily unavailable`, {
      kind,
      retryAfterSeconds: 5,
      cause: error,
    });
  }
  if (kind === 'deadline_exceeded') {
    return new AppError('COMMON.DEADLINE_EXCEEDED', `${downstream} did not answer in time`, {
      kind,
      retryAfterSeconds: 1,
      cause: error,
    });
  }
  return new AppError(`COMMON.${kind.toUpperCase()}`, serviceError.details ?? 'downstream error', { kind, cause: error });
}

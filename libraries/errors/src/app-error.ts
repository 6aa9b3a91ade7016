/**
 * One error type for the whole platform. Callers branch on the stable string `code`
 * (e.g. `BOOKING.SLOT_TAKEN`), never on `instanceof`; only the edges map `kind` to a
 * transport status (HTTP in problem.ts, gRPC in grpc-status.ts).
 */
export type ErrorKind =
  | 'invalid_argument'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'failed_precondition'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'deadline_exceeded'
  | 'internal';

/** One invalid input field. `pointer` is a JSON Pointer (RFC 6901) into the request body or a `#/query/x` path. */
export interface FieldError {
  pointer: string;
  detail: string;
}

export interface AppErrorOptions {
  kind: ErrorKind;
  fields?: FieldError[];
  /** Seconds a client should wait before retrying (503, 429). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly fields?: FieldError[];
  readonly retryAfterSeconds?: number;

  constructor(code: string, message: string, options: AppErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.kind = options.kind;
    this.fields = options.fields;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof Error && error.name === 'AppError' && typeof (error as AppError).code === 'string';
}

/** Errors any service may raise; services add their own catalogue in `<service>.errors.ts`. */
export const CommonErrors = {
  validation: (fields: FieldError[]) =>
    new AppError('COMMON.VALIDATION_FAILED', 'The request has invalid fields', { kind: 'invalid_argument', fields }),
  notFound: (what: string) => new AppError('COMMON.NOT_FOUND', `${what} was not found`, { kind: 'not_found' }),
  internal: (cause?: unknown) =>
    new AppError('COMMON.INTERNAL', 'Something went wrong on our side', { kind: 'internal', cause }),
  unavailable: (what: string, retryAfterSeconds = 5, cause?: unknown) =>
    new AppError('COMMON.UNAVAILABLE', `${what} is temporarily unavailable`, {
      kind: 'unavailable',
      retryAfterSeconds,
      cause,
    }),
  deadline: (what: string, cause?: unknown) =>
    new AppError('COMMON.DEADLINE_EXCEEDED', `${what} did not answer in time`, {
      kind: 'deadline_exceeded',
      retryAfterSeconds: 1,
      cause,
    }),
};

/** Anything thrown becomes an AppError; unknown errors become COMMON.INTERNAL (their message is not exposed). */
export function toAppError(error: unknown): AppError {
  return isAppError(error) ? error : CommonErrors.internal(error);
}

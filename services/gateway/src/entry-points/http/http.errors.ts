import { AppError, CommonErrors, isAppError, toProblem, type ProblemDetails } from '@omotenashi/errors';
import type { FastifyError } from 'fastify';
import { fieldErrorsFrom, type ValidationIssue } from './validation';

/**
 * The HTTP edge's error catalogue: failures that exist only because of HTTP (a body that is not
 * JSON, a media type we don't read, a route that doesn't exist), next to the platform's CommonErrors.
 */
export const HttpErrors = {
  malformedJson: () =>
    new AppError('COMMON.MALFORMED_JSON', 'The request body is not valid JSON', { kind: 'invalid_argument' }),
  unsupportedMediaType: () =>
    new AppError('COMMON.UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json', {
      kind: 'invalid_argument',
    }),
  payloadTooLarge: (limitBytes: number) =>
    new AppError('COMMON.PAYLOAD_TOO_LARGE', `The request body is larger than ${limitBytes} bytes`, {
      kind: 'payload_too_large',
    }),
  badRequest: () => new AppError('COMMON.BAD_REQUEST', 'The request could not be understood', { kind: 'invalid_argument' }),
  routeNotFound: (method: string, path: string) =>
    new AppError('COMMON.ROUTE_NOT_FOUND', `No route ${method} ${path}`, { kind: 'not_found' }),
  notReady: (down: string[]) =>
    new AppError('GATEWAY.NOT_READY', down.length ? `Not ready: ${down.join(', ')} not serving` : 'Not ready: draining', {
      kind: 'unavailable',
      retryAfterSeconds: 5,
    }),
};

/** Statuses the shared ErrorKind table has no kind for; keyed by code so the kind stays meaningful to gRPC. */
const HTTP_ONLY_STATUS: Record<string, { status: number; title: string }> = {
  'COMMON.UNSUPPORTED_MEDIA_TYPE': { status: 415, title: 'Unsupported Media Type' },
};

export function toHttpProblem(error: AppError, requestId: string): ProblemDetails {
  const problem = toProblem(error, requestId);
  const override = HTTP_ONLY_STATUS[error.code];
  return override ? { ...problem, ...override } : problem;
}

const PATH_PARAM_ENTITY: Record<string, string> = {
  businessId: 'Business',
  serviceId: 'Service',
  bookingId: 'Booking',
};

/** Whatever reached Fastify's error handler → the AppError the client is told about. */
export function toGatewayError(error: unknown, bodyLimit: number): AppError {
  if (isAppError(error)) return error;
  const fastifyError = error as Partial<FastifyError> & { validation?: ValidationIssue[] };
  if (Array.isArray(fastifyError.validation)) {
    const context = fastifyError.validationContext ?? 'body';
    // A path id that isn't a UUID can't name anything that exists: that is a 404, not a bad request.
    if (context === 'params') return CommonErrors.notFound(paramEntity(fastifyError.validation));
    return CommonErrors.validation(fieldErrorsFrom(fastifyError.validation, context));
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return HttpErrors.malformedJson();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return HttpErrors.unsupportedMediaType();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return HttpErrors.payloadTooLarge(bodyLimit);
  }
  const status = fastifyError.statusCode ?? 500;
  if (status === 413) return HttpErrors.payloadTooLarge(bodyLimit);
  if (status === 415) return HttpErrors.unsupportedMediaType();
  if (status >= 400 && status < 500) return HttpErrors.badRequest();
  return CommonErrors.internal(error);
}

function paramEntity(issues: ValidationIssue[]): string {
  const param = issues[0]?.instancePath.replace(/^\//, '') ?? '';
  return PATH_PARAM_ENTITY[param] ?? 'Resource';
}

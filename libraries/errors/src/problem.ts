import { type AppError, type ErrorKind, type FieldError } from './app-error';

/** RFC 9457 problem details as the gateway sends them. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  request_id: string;
  instance?: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
export const PROBLEM_TYPE_BASE = 'https://docs.omotenashi.dev/problems/';

const HTTP: Record<ErrorKind, { status: number; title: string }> = {
  invalid_argument: { status: 400, title: 'Bad Request' },
  unauthenticated: { status: 401, title: 'Unauthorized' },
  permission_denied: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not Found' },
  conflict: { status: 409, title: 'Conflict' },
  payload_too_large: { status: 413, title: 'Content Too Large' },
  unprocessable: { status: 422, title: 'Unprocessable Content' },
  failed_precondition: { status: 422, title: 'Unprocessable Content' },
  rate_limited: { status: 429, title: 'Too Many Requests' },
  internal: { status: 500, title: 'Internal Server Error' },
  unavailable: { status: 503, title: 'Service Unavailable' },
  deadline_exceeded: { status: 504, title: 'Gateway Timeout' },
};

export function httpStatusOf(kind: ErrorKind): number {
  return HTTP[kind].status;
}

export function toProblem(error: AppError, requestId: string, instance?: string): ProblemDetails {
  const { status, title } = HTTP[error.kind];
  const problem: ProblemDetails = {
    type: PROBLEM_TYPE_BASE + error.code.toLowerCase().replace(/[._]/g, '-'),
    title,
    status,
    // Internal errors never leak their message (it may hold SQL, hostnames or stack details).
    detail: error.kind === 'internal' ? 'Something went wrong on our side' : error.message,
    code: error.code,
    request_id: requestId,
  };
  if (instance) problem.instance = instance;
  if (error.fields?.length) problem.errors = error.fields;
  return problem;
}

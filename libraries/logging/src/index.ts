import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';

export type { Logger };

/** What every log line, outgoing gRPC call and published event carries for the work in progress. */
export interface RequestContext {
  requestId: string;
  businessId?: string;
  traceparent?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export function newRequestId(): string {
  return randomUUID();
}

/** An incoming id is reused only when it is short and plain, so it can't inject into logs or headers. */
export function acceptRequestId(candidate: unknown): string {
  return typeof candidate === 'string' && REQUEST_ID_PATTERN.test(candidate) ? candidate : newRequestId();
}

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Paths never written to logs: credentials, tokens and card data. */
const REDACT = [
  'password',
  '*.password',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.refresh_token',
  '*.access_token',
  '*.card_number',
  '*.manage_token',
];

export interface LoggerOptions {
  level?: string;
  /** Tests pass a destination to read what was logged. */
  destination?: pino.DestinationStream;
}

export function createLogger(name: string, options: LoggerOptions = {}): Logger {
  return pino(
    {
      name,
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service: name },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin() {
        const context = storage.getStore();
        return context ? { request_id: context.requestId, business_id: context.businessId } : {};
      },
    },
    options.destination,
  );
}

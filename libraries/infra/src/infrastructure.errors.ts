/**
 * Raised when a backing service cannot be found or started. The message is one line a user can act on
 * (what to install or which variable to set); callers print `message` without a stack trace.
 */
export class InfrastructureError extends Error {
  readonly code = 'INFRA.UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InfrastructureError';
  }
}

/** `host:port` of a URL, never its credentials: safe to print. */
export function endpointOf(url: string, defaultPort: number): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || '127.0.0.1'}:${parsed.port || defaultPort}`;
  } catch {
    return '(unparsable URL)';
  }
}

/** A short reason from a socket or driver error: the errno code when there is one. */
export function reasonOf(error: unknown): string {
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    if (typeof message === 'string' && message) return message.split('\n')[0]!;
  }
  return String(error);
}

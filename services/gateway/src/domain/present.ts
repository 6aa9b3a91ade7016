import { CommonErrors } from '@omotenashi/errors';

/** A downstream answered OK but left out the message it promised: our bug, not the client's. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw CommonErrors.internal(new Error(`${what} missing from downstream answer`));
  return value;
}

import { CommonErrors } from '@omotenashi/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids arrive as strings over gRPC; a malformed one is a caller error, never a database error. */
export function requireUuid(value: string, pointer: string): string {
  if (!UUID.test(value)) throw CommonErrors.validation([{ pointer, detail: 'must be a UUID' }]);
  return value.toLowerCase();
}

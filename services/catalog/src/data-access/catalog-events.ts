import { writeOutbox } from '@omotenashi/events';
import type { EntityManager } from 'typeorm';

type Codec<T> = { encode(message: T): { finish(): Uint8Array } };

/** The catalog's subjects: `catalog.<entity>.<verb>`. */
export type CatalogSubject = `catalog.${'business' | 'service' | 'resource' | 'staff' | 'hours' | 'closure'}.${'created' | 'updated' | 'deleted'}`;

/**
 * Records a catalog event in the transaction of the change it describes (the outbox relay publishes
 * it after commit). `messageName` is the protobuf message in omotenashi/events/v1/catalog_events.proto.
 */
export function recordEvent<T extends { businessId: string }>(
  manager: EntityManager,
  subject: CatalogSubject,
  messageName: string,
  codec: Codec<T>,
  message: T,
): Promise<string> {
  return writeOutbox(manager, {
    subject,
    eventType: `omotenashi.events.v1.${messageName}`,
    businessId: message.businessId,
    payload: codec.encode(message).finish(),
  });
}

export const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pgError = error as { code?: string; constraint?: string; driverError?: { constraint?: string } };
  if (pgError.code !== UNIQUE_VIOLATION) return false;
  return !constraint || (pgError.constraint ?? pgError.driverError?.constraint) === constraint;
}

/**
 * Rows of an `UPDATE … RETURNING` or `DELETE … RETURNING`: TypeORM answers those two with
 * `[rows, affectedCount]` instead of the rows, unlike every other statement.
 */
export async function returning<T>(manager: Pick<EntityManager, 'query'>, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await manager.query(sql, params);
  const pair = Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
  return (pair ? result[0] : result) as T[];
}

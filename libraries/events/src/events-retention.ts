import type { EntityManager } from 'typeorm';

async function deleteInBatches(manager: EntityManager, sql: string, olderThanMs: number, limit: number): Promise<number> {
  const [, deleted] = (await manager.query(sql, [olderThanMs / 1000, limit])) as [unknown, number];
  return deleted;
}

/** Deletes up to `limit` outbox rows published more than `olderThanMs` ago; call it from a periodic job. */
export function prunePublishedOutbox(manager: EntityManager, olderThanMs: number, limit = 10_000): Promise<number> {
  return deleteInBatches(
    manager,
    `DELETE FROM outbox WHERE id IN (
       SELECT id FROM outbox WHERE published_at < now() - make_interval(secs => $1) LIMIT $2)`,
    olderThanMs,
    limit,
  );
}

/**
 * Deletes up to `limit` processed-event records older than `olderThanMs`. Keep them at least as long
 * as the stream's max age and the longest a dead letter may wait for replay: an event whose record
 * is gone would be applied again if it came back.
 */
export function pruneProcessedEvents(manager: EntityManager, olderThanMs: number, limit = 10_000): Promise<number> {
  return deleteInBatches(
    manager,
    `DELETE FROM processed_events WHERE (consumer, event_id) IN (
       SELECT consumer, event_id FROM processed_events WHERE processed_at < now() - make_interval(secs => $1) LIMIT $2)`,
    olderThanMs,
    limit,
  );
}

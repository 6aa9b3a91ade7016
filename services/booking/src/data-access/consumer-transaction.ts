import type { DataSource, EntityManager } from 'typeorm';

/**
 * The consumer's open transaction seen as a DataSource, for repositories written against one:
 * their `transaction(…)` nests inside it (TypeORM turns a nested transaction into a savepoint) and
 * their reads go through it. So an event's effect and its processed_events row commit together, and a
 * refused change rolls back only to its savepoint, leaving the consumer's transaction usable.
 */
export function inConsumerTransaction(manager: EntityManager): DataSource {
  const view: Pick<DataSource, 'manager' | 'transaction'> = {
    manager,
    transaction: manager.transaction.bind(manager) as DataSource['transaction'],
  };
  return view as DataSource;
}

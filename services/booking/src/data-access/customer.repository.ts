import { writeOutbox } from '@omotenashi/events';
import { customerEventsV1 } from '@omotenashi/proto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Customer, CustomerChanges, CustomerListQuery } from '../domain/customer';
import { CustomerErrors } from '../domain/customer.errors';
import { CUSTOMER_COLUMNS, toCustomer, type CustomerRow } from './customer.rows';

const UNIQUE_VIOLATION = '23505';
const COLUMN_OF: Record<keyof CustomerChanges, string> = {
  name: 'name',
  nameKana: 'name_kana',
  email: 'email',
  phone: 'phone',
  locale: 'locale',
  notes: 'notes',
  userId: 'user_id',
};
/** What an erased customer's name becomes; the email becomes a per-customer address that can never be delivered. */
export const ERASED_NAME = '(erased)';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * One page of a business's live customers, newest first. business_id + deleted_at IS NULL go to
 * idx_customers_business (the seed's index); the search and keyset are checked on the rows it yields.
 * Exported so a test can EXPLAIN exactly what runs.
 */
export function listCustomersQuery(query: CustomerListQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [query.businessId];
  const param = (value: unknown) => `$${values.push(value)}`;
  const where = ['c.business_id = $1', 'c.deleted_at IS NULL'];
  if (query.search) {
    const like = param(`%${escapeLike(query.search)}%`);
    where.push(`(lower(c.name) LIKE ${like} OR lower(c.email) LIKE ${like} OR lower(coalesce(c.name_kana, '')) LIKE ${like})`);
  }
  if (query.after) where.push(`(c.created_at, c.id) < (${param(query.after.createdAt)}::timestamptz, ${param(query.after.id)}::uuid)`);
  const limit = param(query.limit + 1);
  return {
    text: `SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE ${where.join(' AND ')} ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit}`,
    values,
  };
}

/** Customers of one business; every statement is filtered by business_id. */
export class CustomerRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: CustomerListQuery): Promise<Customer[]> {
    const { text, values } = listCustomersQuery(query);
    const rows: CustomerRow[] = await this.dataSource.query(text, values);
    return rows.map(toCustomer);
  }

  async find(businessId: string, customerId: string): Promise<Customer | undefined> {
    return findLive(this.dataSource.manager, businessId, customerId);
  }

  async update(businessId: string, customerId: string, changes: CustomerChanges): Promise<Customer> {
    const values: unknown[] = [customerId, businessId];
    const sets = Object.entries(changes)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${COLUMN_OF[key as keyof CustomerChanges]} = $${values.push(value)}`);
    try {
      const [rows]: [{ id: string }[], number] = await this.dataSource.query(
        `UPDATE customers SET ${[...sets, 'updated_at = now()'].join(', ')}
         WHERE id = $1 AND business_id = $2 AND deleted_at IS NULL RETURNING id`,
        values,
      );
      if (!rows.length) throw CustomerErrors.notFound();
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw CustomerErrors.emailTaken();
      throw error;
    }
    return (await this.find(businessId, customerId)) as Customer;
  }

  async softDelete(businessId: string, customerId: string): Promise<void> {
    const [, count]: [unknown[], number] = await this.dataSource.query(
      'UPDATE customers SET deleted_at = now(), updated_at = now() WHERE id = $1 AND business_id = $2 AND deleted_at IS NULL',
      [customerId, businessId],
    );
    if (!count) throw CustomerErrors.notFound();
  }

  /**
   * Scrubs every personal field to a tombstone (soft-deleted customers too), the free-text notes of the
   * customer's bookings and the text of their reviews; bookings keep their prices, dates and statuses.
   * One transaction with booking.customer.erased; a second erasure changes nothing and writes no event.
   */
  async erase(businessId: string, customerId: string, requestedBy: string, at: Date): Promise<Customer> {
    return this.dataSource.transaction(async (manager) => {
      const [current]: { erased_at: Date | null }[] = await manager.query(
        'SELECT erased_at FROM customers WHERE id = $1 AND business_id = $2 FOR UPDATE',
        [customerId, businessId],
      );
      if (!current) throw CustomerErrors.notFound();
      if (!current.erased_at) {
        await manager.query(
          `UPDATE customers SET name = $3, email = 'erased+' || id || '@erased.invalid', name_kana = NULL, phone = NULL, notes = NULL,
             user_id = NULL, erased_at = $4, deleted_at = COALESCE(deleted_at, $4), updated_at = now()
           WHERE id = $1 AND business_id = $2`,
          [customerId, businessId, ERASED_NAME, at],
        );
        await manager.query(`UPDATE bookings SET notes = '', updated_at = now() WHERE customer_id = $1 AND business_id = $2 AND notes <> ''`, [
          customerId,
          businessId,
        ]);
        await manager.query(`UPDATE reviews SET comment = '', updated_at = now() WHERE customer_id = $1 AND business_id = $2 AND comment <> ''`, [
          customerId,
          businessId,
        ]);
        await writeOutbox(manager, {
          subject: 'booking.customer.erased',
          eventType: 'omotenashi.events.v1.CustomerErased',
          businessId,
          payload: customerEventsV1.CustomerErased.encode({ customerId, businessId, erasedAt: at.toISOString(), requestedBy }).finish(),
        });
      }
      return (await findAny(manager, businessId, customerId)) as Customer;
    });
  }
}

async function findLive(manager: EntityManager, businessId: string, customerId: string): Promise<Customer | undefined> {
  const rows: CustomerRow[] = await manager.query(
    `SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.id = $1 AND c.business_id = $2 AND c.deleted_at IS NULL`,
    [customerId, businessId],
  );
  return rows[0] ? toCustomer(rows[0]) : undefined;
}

async function findAny(manager: EntityManager, businessId: string, customerId: string): Promise<Customer | undefined> {
  const rows: CustomerRow[] = await manager.query(`SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.id = $1 AND c.business_id = $2`, [
    customerId,
    businessId,
  ]);
  return rows[0] ? toCustomer(rows[0]) : undefined;
}

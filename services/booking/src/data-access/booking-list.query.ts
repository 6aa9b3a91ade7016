import type { BookingListQuery } from '../domain/booking-list';
import { BOOKING_COLUMNS } from './booking.rows';

/**
 * The list query, built with only the filters asked for so the planner sees plain range conditions:
 * business_id + booking_date range go to idx_bookings_business_date (the seed's index), the keyset
 * (starts_at, id) > cursor and the other filters are checked on the rows it yields.
 * Exported so a test can EXPLAIN exactly what runs.
 */
export function listBookingsQuery(query: BookingListQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [query.businessId];
  const where = ['b.business_id = $1', 'b.deleted_at IS NULL'];
  const param = (value: unknown) => `$${values.push(value)}`;
  if (query.from) where.push(`b.booking_date >= ${param(query.from)}::date`);
  if (query.to) where.push(`b.booking_date <= ${param(query.to)}::date`);
  if (query.statuses.length) where.push(`b.status = ANY(${param(query.statuses)}::text[])`);
  if (query.customerId) where.push(`b.customer_id = ${param(query.customerId)}::uuid`);
  if (query.after) where.push(`(b.starts_at, b.id) > (${param(query.after.startsAt)}::timestamptz, ${param(query.after.id)}::uuid)`);
  const limit = param(query.limit + 1);
  return {
    text: `SELECT ${BOOKING_COLUMNS} FROM bookings b WHERE ${where.join(' AND ')} ORDER BY b.starts_at, b.id LIMIT ${limit}`,
    values,
  };
}

import type { Customer } from '../domain/customer';

/** Visits are counted from the bookings themselves (idx_bookings_customer), so they can't drift from what happened. */
export const CUSTOMER_COLUMNS = `c.id, c.business_id, c.user_id, c.email, c.name, c.name_kana, c.phone, c.locale, c.notes,
  (SELECT count(*) FROM bookings v WHERE v.customer_id = c.id AND v.business_id = c.business_id
     AND v.status = 'completed' AND v.deleted_at IS NULL)::int AS visit_count,
  c.created_at, c.updated_at, c.erased_at`;

export interface CustomerRow {
  id: string;
  business_id: string;
  user_id: string | null;
  email: string;
  name: string;
  name_kana: string | null;
  phone: string | null;
  locale: string;
  notes: string | null;
  visit_count: number;
  created_at: Date;
  updated_at: Date;
  erased_at: Date | null;
}

export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    businessId: row.business_id,
    userId: row.user_id,
    email: row.email,
    name: row.name,
    nameKana: row.name_kana,
    phone: row.phone,
    locale: row.locale,
    notes: row.notes,
    visitCount: row.visit_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    erasedAt: row.erased_at,
  };
}

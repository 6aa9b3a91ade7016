import type { Booking, BookingStatus } from '../domain/booking';

/** A `bookings` row as pg returns it (snake_case, bigint as string, date as text). */
export interface BookingRow {
  id: string;
  business_id: string;
  service_id: string;
  customer_id: string;
  staff_id: string | null;
  status: BookingStatus;
  starts_at: Date;
  ends_at: Date;
  booking_date: string;
  party_size: number;
  price_amount: string;
  currency: string;
  hold_expires_at: Date | null;
  notes: string;
  created_at: Date;
  updated_at: Date;
  resource_ids: string[] | null;
}

export const BOOKING_COLUMNS = `b.id, b.business_id, b.service_id, b.customer_id, b.staff_id, b.status, b.starts_at, b.ends_at,
  to_char(b.booking_date, 'YYYY-MM-DD') AS booking_date, b.party_size, b.price_amount, b.currency, b.hold_expires_at,
  b.notes, b.created_at, b.updated_at,
  ARRAY(SELECT a.subject_id FROM booking_allocations a WHERE a.booking_id = b.id AND a.subject_kind = 'resource') AS resource_ids`;

export function toDomain(row: BookingRow): Booking {
  return {
    id: row.id,
    businessId: row.business_id,
    serviceId: row.service_id,
    customerId: row.customer_id,
    status: row.status,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    bookingDate: row.booking_date,
    staffId: row.staff_id,
    resourceIds: row.resource_ids ?? [],
    partySize: row.party_size,
    priceAmount: Number(row.price_amount),
    currency: row.currency.trim(),
    holdExpiresAt: row.hold_expires_at,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

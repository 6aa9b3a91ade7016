-- Scratch schema for the pgbench baseline of a booking: the same tables as the booking service
-- (copied with LIKE … INCLUDING ALL after the platform migrated, so columns, CHECKs, the partial unique
-- customer index and the btree_gist exclusion constraint stay in step with the real schema), in the
-- bench database only. Run by bench/run.mjs with psql -v ON_ERROR_STOP=1.
DROP SCHEMA IF EXISTS pgbench_booking CASCADE;
CREATE SCHEMA pgbench_booking;
SET search_path = pgbench_booking, public;

CREATE TABLE customers (LIKE booking.customers INCLUDING ALL);
CREATE TABLE bookings (LIKE booking.bookings INCLUDING ALL);
CREATE TABLE booking_allocations (LIKE booking.booking_allocations INCLUDING ALL);
CREATE TABLE outbox (LIKE booking.outbox INCLUDING ALL);
CREATE TABLE idempotency_keys (LIKE booking.idempotency_keys INCLUDING ALL);
-- LIKE copies no foreign keys: add the two the real schema has.
ALTER TABLE bookings ADD FOREIGN KEY (customer_id) REFERENCES customers (id);
ALTER TABLE booking_allocations ADD FOREIGN KEY (booking_id) REFERENCES bookings (id);

-- The platform's ids are UUIDv7 (time-ordered, kind to btree PKs); Postgres 15 has no uuidv7(), so:
CREATE FUNCTION uuid7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
              PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
              FROM 1 FOR 6),
      52, 1), 53, 1), 'hex')::uuid
$$;

-- Sanity: the exclusion constraint came along.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'pgbench_booking.booking_allocations'::regclass AND contype = 'x') THEN
    RAISE EXCEPTION 'pgbench_booking.booking_allocations has no exclusion constraint';
  END IF;
END $$;

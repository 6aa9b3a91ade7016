-- One booking, the SQL of BookingRepository.create (services/booking/src/data-access/booking.repository.ts)
-- for a one-to-one standalone service with an Idempotency-Key, as the HTTP scenario sends: the key's
-- claim (its own statement, IdempotencyStore.claim), then one transaction: customer upsert + booking +
-- allocation in one statement (data-modifying CTEs, the exclusion constraint checks the allocation),
-- outbox row, pg_notify, the key's outcome, commit. Run with -M prepared (the platform's connections
-- prepare every parameterized statement once, libraries/db PreparingClient) and -D k=0 -D clients=<c>
-- -D subjects=<s> -D businesses=<b>.
-- Every transaction takes its own slot: u = k·clients + client_id is unique across clients, so the
-- exclusion constraint is checked (GiST probe) but never fires, like the HTTP scenario's distinct slots.
\set k :k + 1
\set u :k * :clients + :client_id
\set s :u % :subjects
\set b :s % :businesses
\set m :u / :subjects
INSERT INTO pgbench_booking.idempotency_keys (scope, key, request_hash, state, locked_until, expires_at)
  VALUES ('guest-bench', 'bench-' || :u::text || '-' || :client_id::text || '-' || pg_backend_pid()::text || '-' || :k::text, md5(:u::text), 'in_progress', now() + make_interval(secs => 30), now() + make_interval(secs => 86400))
  ON CONFLICT (scope, key) DO NOTHING RETURNING 1;
BEGIN;
WITH customer AS (
    INSERT INTO pgbench_booking.customers (id, business_id, email, name, phone, locale)
    VALUES (pgbench_booking.uuid7(), md5('business-' || :b::text)::uuid, 'guest-' || :u::text || '@bench.example', 'ベンチ 花子', NULLIF('', ''), COALESCE(NULLIF('ja', ''), 'ja'))
    ON CONFLICT (business_id, lower(email)) WHERE deleted_at IS NULL
    DO UPDATE SET name = EXCLUDED.name, phone = COALESCE(EXCLUDED.phone, customers.phone), updated_at = now()
    RETURNING id),
  b AS (
    INSERT INTO pgbench_booking.bookings (id, business_id, service_id, customer_id, status, starts_at, ends_at, booking_date, party_size,
      price_amount, currency, policy_snapshot, hold_expires_at, notes, manage_token_hash, staff_id, staff_requested)
    VALUES (pgbench_booking.uuid7(), md5('business-' || :b::text)::uuid, md5('service-' || :s::text)::uuid, (SELECT id FROM customer), 'confirmed',
      timestamptz '2031-01-01 09:00+09' + :m::int * interval '1 hour', timestamptz '2031-01-01 10:00+09' + :m::int * interval '1 hour',
      (timestamptz '2031-01-01 09:00+09' + :m::int * interval '1 hour')::date, 1, 5500, 'JPY',
      '{"cancellation":{"freeUntilHours":24,"feePercent":50},"approval":"auto","holdTtlSeconds":900,"prepayment":"none","depositAmount":0,"minNoticeMinutes":60}'::jsonb,
      NULL, '', sha256(convert_to(:u::text, 'UTF8')), NULL, false)
    RETURNING *),
  allocations AS (
    INSERT INTO pgbench_booking.booking_allocations (id, business_id, booking_id, subject_kind, subject_id, period, exclusive)
    SELECT t.id, b.business_id, b.id, t.kind, t.subject,
           tstzrange(timestamptz '2031-01-01 09:00+09' + :m::int * interval '1 hour', timestamptz '2031-01-01 10:00+09' + :m::int * interval '1 hour', '[)'), t.exclusive
    FROM b, unnest(ARRAY[pgbench_booking.uuid7()], ARRAY['service'], ARRAY[md5('service-' || :s::text)::uuid], ARRAY[true]) AS t(id, kind, subject, exclusive))
SELECT id, business_id, service_id, customer_id, status, starts_at, ends_at, booking_date, party_size, price_amount, currency, policy_snapshot,
    hold_expires_at, notes, staff_id, created_at, updated_at FROM b;
INSERT INTO pgbench_booking.outbox (id, subject, event_type, business_id, payload, headers)
  VALUES (pgbench_booking.uuid7(), 'booking.booking.created', 'omotenashi.events.v1.BookingCreated', md5('business-' || :b::text)::uuid,
    decode(repeat('0a24', 90), 'hex'), '{"x-request-id":"bench"}'::jsonb);
SELECT pg_notify('outbox_' || 'pgbench_booking', '');
UPDATE pgbench_booking.idempotency_keys SET state = 'done', outcome = '{"status":201}'::jsonb
  WHERE scope = 'guest-bench' AND key = 'bench-' || :u::text || '-' || :client_id::text || '-' || pg_backend_pid()::text || '-' || :k::text;
COMMIT;

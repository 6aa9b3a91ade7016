/**
 * Tables every producing or consuming service keeps in its own schema. Names are unqualified: a
 * service runs this from one of its TypeORM migrations, where search_path points at its schema.
 */
export const EVENTS_TABLES_SQL = `
CREATE TABLE IF NOT EXISTS outbox (
  id           uuid PRIMARY KEY,
  subject      text NOT NULL,
  event_type   text NOT NULL,
  business_id  uuid NOT NULL,
  payload      bytea NOT NULL,
  headers      jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  attempts     integer NOT NULL DEFAULT 0,
  last_error   text
);
CREATE INDEX IF NOT EXISTS outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS processed_events (
  consumer     text NOT NULL,
  event_id     uuid NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
CREATE INDEX IF NOT EXISTS processed_events_processed_at_idx ON processed_events (processed_at);

-- Text ids: a malformed message (foreign publisher, missing headers) must still be parkable.
CREATE TABLE IF NOT EXISTS dead_letters (
  id          uuid PRIMARY KEY,
  consumer    text NOT NULL,
  event_id    text NOT NULL,
  subject     text NOT NULL,
  event_type  text NOT NULL,
  business_id text,
  payload     bytea NOT NULL,
  headers     jsonb NOT NULL DEFAULT '{}'::jsonb,
  error       text NOT NULL,
  deliveries  integer NOT NULL,
  failed_at   timestamptz NOT NULL DEFAULT now(),
  replayed_at timestamptz
);
CREATE INDEX IF NOT EXISTS dead_letters_open_idx ON dead_letters (consumer, failed_at) WHERE replayed_at IS NULL;
CREATE INDEX IF NOT EXISTS dead_letters_event_idx ON dead_letters (event_id);
`;

export const EVENTS_TABLES_DOWN_SQL = `
DROP TABLE IF EXISTS dead_letters;
DROP TABLE IF EXISTS processed_events;
DROP TABLE IF EXISTS outbox;
`;

/** LISTEN/NOTIFY channel that wakes the relay of one schema; NOTIFY is database-wide, so the schema is in the name. */
export const OUTBOX_CHANNEL_PREFIX = 'outbox_';

import { jetstream } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { EVENT_HEADERS } from './event-envelope';
import { namespacedSubject } from './streams';

export interface DeadLetter {
  id: string;
  consumer: string;
  eventId: string;
  /** Without the namespace. */
  subject: string;
  eventType: string;
  businessId: string | null;
  payload: Uint8Array;
  headers: Record<string, string>;
  error: string;
  deliveries: number;
  failedAt: Date;
  replayedAt: Date | null;
}

export type NewDeadLetter = Omit<DeadLetter, 'id' | 'failedAt' | 'replayedAt'>;

export async function parkDeadLetter(manager: EntityManager, letter: NewDeadLetter): Promise<string> {
  const id = uuidv7();
  await manager.query(
    `INSERT INTO dead_letters (id, consumer, event_id, subject, event_type, business_id, payload, headers, error, deliveries)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      id,
      letter.consumer,
      letter.eventId,
      letter.subject,
      letter.eventType,
      letter.businessId,
      Buffer.from(letter.payload.buffer, letter.payload.byteOffset, letter.payload.byteLength),
      JSON.stringify(letter.headers),
      letter.error.slice(0, 8000),
      letter.deliveries,
    ],
  );
  return id;
}

interface DeadLetterRow {
  id: string;
  consumer: string;
  event_id: string;
  subject: string;
  event_type: string;
  business_id: string | null;
  payload: Buffer;
  headers: Record<string, string>;
  error: string;
  deliveries: number;
  failed_at: Date;
  replayed_at: Date | null;
}

const toDeadLetter = (row: DeadLetterRow): DeadLetter => ({
  id: row.id,
  consumer: row.consumer,
  eventId: row.event_id,
  subject: row.subject,
  eventType: row.event_type,
  businessId: row.business_id,
  payload: row.payload,
  headers: row.headers,
  error: row.error,
  deliveries: row.deliveries,
  failedAt: row.failed_at,
  replayedAt: row.replayed_at,
});

export interface ListDeadLettersOptions {
  consumer?: string;
  /** Also list letters already replayed. */
  includeReplayed?: boolean;
  limit?: number;
}

/** Newest first. */
export async function listDeadLetters(dataSource: DataSource, options: ListDeadLettersOptions = {}): Promise<DeadLetter[]> {
  const rows = (await dataSource.query(
    `SELECT * FROM dead_letters
      WHERE ($1::text IS NULL OR consumer = $1) AND ($2 OR replayed_at IS NULL)
      ORDER BY failed_at DESC, id DESC LIMIT $3`,
    [options.consumer ?? null, options.includeReplayed ?? false, Math.min(options.limit ?? 100, 1000)],
  )) as DeadLetterRow[];
  return rows.map(toDeadLetter);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Headers JetStream sets or interprets itself; a republication must not carry the old ones. */
const isNatsHeader = (key: string) => key.toLowerCase().startsWith('nats-');

/**
 * Publishes a parked event again (same event id, so consumers that already handled it skip it) under a
 * fresh `Nats-Msg-Id`, so JetStream's duplicate window doesn't drop it; then marks the letter replayed.
 */
export async function replayDeadLetter(
  dataSource: DataSource,
  nats: NatsConnection,
  namespace: string,
  deadLetterId: string,
): Promise<{ eventId: string; streamSequence: number }> {
  if (!UUID.test(deadLetterId)) throw new Error(`Dead letter ${deadLetterId} not found`);
  return dataSource.transaction(async (manager) => {
    const [row] = (await manager.query(`SELECT * FROM dead_letters WHERE id = $1 FOR UPDATE`, [deadLetterId])) as DeadLetterRow[];
    if (!row) throw new Error(`Dead letter ${deadLetterId} not found`);
    if (row.replayed_at) throw new Error(`Dead letter ${deadLetterId} was already replayed at ${row.replayed_at.toISOString()}`);
    const h = natsHeaders();
    for (const [key, value] of Object.entries(row.headers)) if (!isNatsHeader(key)) h.set(key, value);
    h.set(EVENT_HEADERS.eventId, row.event_id);
    h.set(EVENT_HEADERS.replayOf, row.id);
    const ack = await jetstream(nats).publish(namespacedSubject(namespace, row.subject), row.payload, {
      msgID: `replay-${row.id}`,
      headers: h,
    });
    await manager.query(`UPDATE dead_letters SET replayed_at = now() WHERE id = $1`, [row.id]);
    return { eventId: row.event_id, streamSequence: ack.seq };
  });
}

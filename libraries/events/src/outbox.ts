import { currentContext } from '@omotenashi/logging';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { EVENT_HEADERS } from './event-envelope';
import { OUTBOX_CHANNEL_PREFIX } from './events-tables.sql';
import { streamForSubject } from './streams';

export interface OutboxEvent {
  /** Without the namespace: `booking.booking.created`. */
  subject: string;
  /** Fully qualified protobuf message name: `omotenashi.events.v1.BookingCreated`. */
  eventType: string;
  businessId: string;
  payload: Uint8Array;
}

/**
 * Records an event in the caller's transaction, so it is published if and only if the state change
 * commits. Returns the event id (UUIDv7), which is also the `Nats-Msg-Id` of its publication.
 */
export async function writeOutbox(manager: EntityManager, event: OutboxEvent): Promise<string> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('writeOutbox must run inside the transaction that makes the state change');
  }
  streamForSubject(event.subject);
  const id = uuidv7();
  const context = currentContext();
  const headers: Record<string, string> = {};
  if (context?.requestId) headers[EVENT_HEADERS.requestId] = context.requestId;
  if (context?.traceparent) headers[EVENT_HEADERS.traceparent] = context.traceparent;
  const payload = Buffer.from(event.payload.buffer, event.payload.byteOffset, event.payload.byteLength);
  // The row and the relay's wake-up in one statement (one round trip). The notification is delivered only
  // on commit (and once per transaction however many rows), so the relay wakes exactly when there is work.
  await manager.query(
    `WITH written AS (INSERT INTO outbox (id, subject, event_type, business_id, payload, headers) VALUES ($1, $2, $3, $4, $5, $6) RETURNING 1)
     SELECT pg_notify($7 || current_schema(), '') FROM written`,
    [id, event.subject, event.eventType, event.businessId, payload, JSON.stringify(headers), OUTBOX_CHANNEL_PREFIX],
  );
  return id;
}

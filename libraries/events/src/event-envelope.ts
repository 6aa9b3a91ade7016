import { REQUEST_ID_HEADER } from '@omotenashi/logging';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';

/**
 * NATS headers every event carries (besides `Nats-Msg-Id`, which JetStream dedupes on and which equals
 * the event id on first publication). Consumers dedupe on `Omotenashi-Event-Id`, not on `Nats-Msg-Id`,
 * so a replay published under a fresh `Nats-Msg-Id` is still recognised as the same event.
 */
export const EVENT_HEADERS = {
  eventId: 'Omotenashi-Event-Id',
  eventType: 'Omotenashi-Event-Type',
  businessId: 'Omotenashi-Business-Id',
  occurredAt: 'Omotenashi-Occurred-At',
  /** Set on republications of a dead letter: the `dead_letters.id` it came from. */
  replayOf: 'Omotenashi-Replay-Of',
  requestId: REQUEST_ID_HEADER,
  traceparent: 'traceparent',
  natsMsgId: 'Nats-Msg-Id',
} as const;

export interface EventEnvelope {
  /** UUIDv7, the outbox row id. */
  id: string;
  /** Without the namespace: `booking.booking.created`. */
  subject: string;
  /** Fully qualified protobuf message name, e.g. `omotenashi.events.v1.BookingCreated`. */
  eventType: string;
  businessId: string;
  occurredAt: Date;
  requestId?: string;
  traceparent?: string;
  /** The encoded protobuf message. */
  payload: Uint8Array;
}

export interface ReceivedEvent extends EventEnvelope {
  /** 1 on first delivery; more when JetStream redelivers. */
  deliveryCount: number;
}

export function toNatsHeaders(event: EventEnvelope, extra: Record<string, string> = {}): MsgHdrs {
  const h = natsHeaders();
  h.set(EVENT_HEADERS.eventId, event.id);
  h.set(EVENT_HEADERS.eventType, event.eventType);
  h.set(EVENT_HEADERS.businessId, event.businessId);
  h.set(EVENT_HEADERS.occurredAt, event.occurredAt.toISOString());
  if (event.requestId) h.set(EVENT_HEADERS.requestId, event.requestId);
  if (event.traceparent) h.set(EVENT_HEADERS.traceparent, event.traceparent);
  for (const [key, value] of Object.entries(extra)) h.set(key, value);
  return h;
}

/** Reads an event from a delivered message; the id falls back to `Nats-Msg-Id` for publishers that set only that. */
export function fromNatsMessage(
  subject: string,
  data: Uint8Array,
  h: MsgHdrs | undefined,
  deliveryCount: number,
): ReceivedEvent {
  const get = (name: string) => (h?.has(name) ? h.get(name) : '') || undefined;
  const id = get(EVENT_HEADERS.eventId) ?? get(EVENT_HEADERS.natsMsgId);
  if (!id) throw new Error(`Event on ${subject} carries neither ${EVENT_HEADERS.eventId} nor ${EVENT_HEADERS.natsMsgId}`);
  const occurredAt = get(EVENT_HEADERS.occurredAt);
  return {
    id,
    subject,
    eventType: get(EVENT_HEADERS.eventType) ?? '',
    businessId: get(EVENT_HEADERS.businessId) ?? '',
    occurredAt: occurredAt ? new Date(occurredAt) : new Date(0),
    requestId: get(EVENT_HEADERS.requestId),
    traceparent: get(EVENT_HEADERS.traceparent),
    payload: data,
    deliveryCount,
  };
}

export function headersToRecord(h: MsgHdrs | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const key of h?.keys() ?? []) record[key] = h!.get(key);
  return record;
}

import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

/** The streams of DESIGN §4, each owned by its producer service; subjects are `<service>.<entity>.<verb>`. */
export const STREAMS = {
  CATALOG: { subjects: 'catalog.>', description: 'Catalog events: businesses, hours, services, resources, staff' },
  BOOKING: { subjects: 'booking.>', description: 'Booking events: bookings, holds, customers, reviews' },
  PAYMENT: { subjects: 'payment.>', description: 'Payment events: payments and refunds' },
} as const;
export type StreamName = keyof typeof STREAMS;
export const STREAM_NAMES = Object.keys(STREAMS) as StreamName[];

/** NATS' default; the docs caution against large windows, and consumers dedupe by event id anyway. */
export const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

export interface StreamLimits {
  /** Consumers that fall further behind than this lose events from NATS (Postgres still has them). */
  maxAgeMs: number;
  /** -1 is unlimited: a per-stream byte cap is reserved up front on some servers, which fails many small test streams. */
  maxBytes: number;
  maxMsgSize: number;
  replicas: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
  maxBytes: -1,
  maxMsgSize: 1024 * 1024,
  replicas: 1,
};

const STREAM_NAME_IN_USE = 10058;

/** `BOOKING` → `ns_BOOKING`; plain `BOOKING` when the namespace is empty. */
export function streamName(namespace: string, name: StreamName): string {
  return namespace ? `${namespace}_${name}` : name;
}

/** `booking.booking.created` → `ns.booking.booking.created`; unchanged when the namespace is empty. */
export function namespacedSubject(namespace: string, subject: string): string {
  return namespace ? `${namespace}.${subject}` : subject;
}

/** The inverse of `namespacedSubject`, for handing consumers the subject they subscribed to. */
export function stripNamespace(namespace: string, subject: string): string {
  const prefix = `${namespace}.`;
  return namespace && subject.startsWith(prefix) ? subject.slice(prefix.length) : subject;
}

/** Which stream carries `subject` (its first token names the producer), or throws for a subject no stream takes. */
export function streamForSubject(subject: string): StreamName {
  if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+){2,}$/.test(subject)) {
    throw new Error(`Event subject "${subject}" must look like <service>.<entity>.<verb> in lower case`);
  }
  const service = subject.slice(0, subject.indexOf('.'));
  const name = STREAM_NAMES.find((candidate) => STREAMS[candidate].subjects === `${service}.>`);
  if (!name) throw new Error(`No stream carries subject "${subject}" (known: ${STREAM_NAMES.join(', ')})`);
  return name;
}

export function streamConfig(namespace: string, name: StreamName, limits: StreamLimits = DEFAULT_STREAM_LIMITS) {
  return {
    name: streamName(namespace, name),
    description: STREAMS[name].description,
    subjects: [namespacedSubject(namespace, STREAMS[name].subjects)],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    max_age: nanos(limits.maxAgeMs),
    max_bytes: limits.maxBytes,
    max_msg_size: limits.maxMsgSize,
    num_replicas: limits.replicas,
  } satisfies Partial<StreamConfig> & { name: string };
}

const hasCode = (error: unknown, code: number) => error instanceof JetStreamApiError && error.code === code;

/**
 * Creates or updates the named streams to the canonical config. Safe when several processes start at
 * once: a create that loses the race falls back to an update to the same config.
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  namespace: string,
  names: readonly StreamName[] = STREAM_NAMES,
  limits: StreamLimits = DEFAULT_STREAM_LIMITS,
): Promise<void> {
  for (const name of names) {
    const { name: stream, ...config } = streamConfig(namespace, name, limits);
    const exists = await jsm.streams.info(stream).then(
      () => true,
      (error: unknown) => {
        if (hasCode(error, JetStreamApiCodes.StreamNotFound)) return false;
        throw error;
      },
    );
    if (exists) {
      await jsm.streams.update(stream, config);
      continue;
    }
    await jsm.streams.add({ name: stream, ...config }).catch(async (error: unknown) => {
      if (!hasCode(error, STREAM_NAME_IN_USE)) throw error;
      await jsm.streams.update(stream, config);
    });
  }
}

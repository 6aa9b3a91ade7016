import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { Logger } from '@omotenashi/logging';
import type { DataSource } from 'typeorm';
import { EventConsumer, type EventConsumerOptions } from './event-consumer';
import { OutboxRelay } from './outbox-relay';
import { ensureStreams, type StreamName } from './streams';

export type ConsumerSpec = Omit<EventConsumerOptions, 'dataSource' | 'nats' | 'namespace' | 'logger'>;

export interface EventsWorkerOptions {
  dataSource: DataSource;
  natsUrl: string;
  namespace: string;
  /** Streams this service produces to (created idempotently); its outbox relay runs when there are any. */
  streams: StreamName[];
  consumers: ConsumerSpec[];
  /** Applied to consumers that don't set their own (EVENTS_ACK_WAIT_MS, EVENTS_MAX_DELIVER). */
  consumerDefaults?: { ackWaitMs?: number; maxDeliver?: number };
  logger: Logger;
}

export interface RunningEventsWorker {
  ready(): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * A service worker's event side: one NATS connection, the outbox relay for what the service produces,
 * and its durable consumers. Stop drains in order: consumers finish their message, the relay its batch.
 */
export async function startEventsWorker(options: EventsWorkerOptions): Promise<RunningEventsWorker> {
  const { dataSource, namespace, logger } = options;
  const nats = await connect({ servers: options.natsUrl, name: `omotenashi-${String((dataSource.options as { schema?: string }).schema ?? 'worker')}`, maxReconnectAttempts: -1 });
  const jsm = await jetstreamManager(nats);
  // A consumer's stream is created here too, so workers may start in any order.
  const streams = [...new Set([...options.streams, ...options.consumers.map((c) => c.stream)])];
  await ensureStreams(jsm, namespace, streams);

  const relay = options.streams.length ? new OutboxRelay({ dataSource, nats, namespace, logger }) : undefined;
  const consumers = options.consumers.map((spec) => new EventConsumer({ ...options.consumerDefaults, ...spec, dataSource, nats, namespace, logger }));
  await relay?.start();
  for (const consumer of consumers) await consumer.start();

  return {
    ready: async () => !nats.isClosed() && dataSource.isInitialized && consumers.every((consumer) => consumer.isConsuming()),
    stop: async () => {
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      await relay?.stop();
      await nats.drain();
    },
  };
}

/** The process settings every service's events worker reads (NATS_URL, EVENTS_NAMESPACE, EVENTS_ACK_WAIT_MS, EVENTS_MAX_DELIVER). */
export interface EventsConfig {
  NATS_URL: string;
  EVENTS_NAMESPACE: string;
  EVENTS_ACK_WAIT_MS: number;
  EVENTS_MAX_DELIVER: number;
}

export function eventsSettings(config: EventsConfig): Pick<EventsWorkerOptions, 'natsUrl' | 'namespace' | 'consumerDefaults'> {
  return {
    natsUrl: config.NATS_URL,
    namespace: config.EVENTS_NAMESPACE,
    consumerDefaults: { ackWaitMs: config.EVENTS_ACK_WAIT_MS, maxDeliver: config.EVENTS_MAX_DELIVER },
  };
}

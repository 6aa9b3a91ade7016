import { jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { acceptRequestId, runWithContext, type Logger } from '@omotenashi/logging';
import type { DataSource, EntityManager } from 'typeorm';
import { parkDeadLetter } from './dead-letters';
import { ensureDurableConsumer } from './durable-consumer';
import { fromNatsMessage, headersToRecord, type ReceivedEvent } from './event-envelope';
import { consumerMetrics, type ConsumeOutcome } from './events.metrics';
import { streamName, stripNamespace, type StreamName } from './streams';

export type EventHandler = (event: ReceivedEvent, manager: EntityManager) => Promise<void>;

/**
 * A consumer's whole effect as one SQL statement (an INSERT … ON CONFLICT, an UPDATE), run in the same
 * statement as the processed-event record: one round trip, no BEGIN/COMMIT. Its parameters are numbered
 * from $3 ($1 and $2 are the consumer and the event id), and it must act only when the CTE `first_time`
 * has a row (none on a redelivery), e.g. `INSERT … SELECT $3, $4 WHERE EXISTS (SELECT 1 FROM first_time)`.
 */
export interface EventStatement {
  sql: string;
  params: unknown[];
}

export interface EventConsumerOptions {
  dataSource: DataSource;
  nats: NatsConnection;
  namespace: string;
  stream: StreamName;
  /** Durable consumer name; also the `consumer` recorded in processed_events and dead_letters. */
  durable: string;
  /** Without the namespace, e.g. `booking.booking.confirmed`; empty or absent means the whole stream. */
  filterSubjects?: string[];
  /** Runs in the transaction that records the event as processed: its writes commit once or not at all. */
  handler?: EventHandler;
  /** Instead of `handler`: the effect as one statement, joined to the processed-event record (see EventStatement). */
  statement?: (event: ReceivedEvent) => EventStatement;
  /**
   * Which events the handler acts on, judged from the event alone (e.g. only bookings that are held).
   * The others are acked at once: no transaction, no processed_events row, no handler call.
   */
  relevant?: (event: ReceivedEvent) => boolean;
  /**
   * The handler's effect is safe to repeat and lives outside this database (a Redis INCR, a BullMQ job
   * with a fixed id): it runs without a transaction and without a processed_events row, so an event
   * costs the database nothing; a redelivery simply runs it again. It gets the non-transactional manager.
   */
  idempotent?: boolean;
  /** Handler attempts before the event is parked in dead_letters. */
  maxDeliver?: number;
  ackWaitMs?: number;
  /** Redelivery delay after attempt n is backoffMs[n-1] (the last entry repeats). */
  backoffMs?: number[];
  /** Messages pulled ahead of the one being handled. */
  batchSize?: number;
  logger: Logger;
}

/** A gap this long between one message's end and the next one's start means the loop waited for it. */
const IDLE_GAP_MS = 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * An idempotent durable pull consumer: effect and processed-event record commit together, then it acks.
 * Consumers whose effect is naturally repeatable (`idempotent`) skip the transaction, and events a
 * consumer does not act on (`relevant`) are acked without one.
 */
export class EventConsumer {
  private readonly metrics = consumerMetrics();
  private readonly maxDeliver: number;
  private readonly ackWaitMs: number;
  private messages?: ConsumerMessages;
  private running?: Promise<void>;
  private stopping = false;
  private consuming = false;
  /** When the loop last found no message waiting: every message in hand arrived after it (see process). */
  private busySince = 0;
  private lastHandled = 0;

  constructor(private readonly options: EventConsumerOptions) {
    if (!options.handler === !options.statement) throw new Error(`Consumer ${options.durable}: give it a handler or a statement, not both`);
    this.maxDeliver = options.maxDeliver ?? 5;
    this.ackWaitMs = options.ackWaitMs ?? 30_000;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const { nats, namespace, stream, durable } = this.options;
    const name = streamName(namespace, stream);
    await ensureDurableConsumer(await jetstreamManager(nats), {
      stream: name,
      durable,
      namespace,
      filterSubjects: this.options.filterSubjects ?? [],
      ackWaitMs: this.ackWaitMs,
      // One delivery beyond the handler's attempts, so a message whose handler never returned
      // (process killed, hung past ack wait) still comes back once to be parked instead of vanishing.
      maxDeliver: this.maxDeliver + 1,
    });
    const consumer = await jetstream(nats).consumers.get(name, durable);
    this.stopping = false;
    this.messages = await consumer.consume({ max_messages: this.options.batchSize ?? 10 });
    this.running = this.loop(this.messages);
  }

  /** Finishes the message in hand, hands pulled-ahead ones straight back to the server, then stops pulling. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.messages?.close().catch(() => undefined);
    await this.running;
    this.running = undefined;
  }

  /** For readiness probes: false once stopped or when the NATS connection closed under it. */
  isConsuming(): boolean {
    return this.consuming;
  }

  private async loop(messages: ConsumerMessages): Promise<void> {
    this.consuming = true;
    try {
      for await (const msg of messages) {
        if (this.stopping) this.quietly(() => msg.nak());
        else await this.handle(msg);
      }
      if (!this.stopping) {
        this.options.logger.error({ consumer: this.options.durable }, 'event consumer stopped pulling: NATS connection closed');
      }
    } catch (error) {
      this.options.logger.error({ err: error, consumer: this.options.durable }, 'event consumer stopped pulling');
    } finally {
      this.consuming = false;
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    const started = performance.now();
    // A message that was not already waiting when the last one finished found the loop idle: the busy
    // period, and with it the longest time any pulled message can have waited, starts now.
    if (started - this.lastHandled > IDLE_GAP_MS) this.busySince = started;
    const deliveries = msg.info.deliveryCount;
    const consumer = this.options.durable;
    if (deliveries > 1) this.metrics.redeliveries.inc({ consumer });
    let event: ReceivedEvent;
    try {
      event = fromNatsMessage(stripNamespace(this.options.namespace, msg.subject), msg.data, msg.headers, deliveries);
      if (!UUID.test(event.id)) throw new Error(`Event id "${event.id.slice(0, 64)}" is not a UUID`);
    } catch (error) {
      return this.finish(msg, started, await this.park(msg, undefined, error));
    }
    const context = { requestId: acceptRequestId(event.requestId), businessId: event.businessId, traceparent: event.traceparent };
    const outcome = await runWithContext(context, () => this.process(msg, event));
    this.finish(msg, started, outcome);
  }

  private async run(event: ReceivedEvent): Promise<ConsumeOutcome> {
    const { handler, statement, dataSource, durable } = this.options;
    if (statement) {
      const { sql, params } = statement(event);
      const rows = (await dataSource.query(
        `WITH first_time AS (INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1),
              effect AS (${sql})
         SELECT count(*)::int AS first FROM first_time`,
        [durable, event.id, ...params],
      )) as { first: number }[];
      return rows[0]?.first ? 'processed' : 'duplicate';
    }
    if (!handler) throw new Error(`Consumer ${durable} has neither handler nor statement`);
    if (this.options.idempotent) {
      await handler(event, dataSource.manager);
      return 'processed';
    }
    return dataSource.transaction(async (manager) => {
      const inserted = (await manager.query(
        `INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
        [durable, event.id],
      )) as unknown[];
      if (inserted.length === 0) return 'duplicate' as const;
      await handler(event, manager);
      return 'processed' as const;
    });
  }

  private async process(msg: JsMsg, event: ReceivedEvent): Promise<ConsumeOutcome> {
    if (event.deliveryCount > this.maxDeliver) {
      return this.park(msg, event, new Error(`No attempt completed in ${event.deliveryCount - 1} deliveries (crash or ack timeout)`));
    }
    let relevant: boolean;
    try {
      relevant = this.options.relevant?.(event) ?? true;
    } catch {
      relevant = true; // can't tell (e.g. a payload that doesn't decode): the handler decides, and may fail
    }
    if (!relevant) {
      this.quietly(() => msg.ack());
      return 'skipped';
    }
    // The ack timer started when the message was pulled, not when its turn came. It can only have run
    // for as long as the loop has been busy: past a quarter of the ack wait, restart it before handling.
    // (An extra protocol message per event otherwise: in the common case the loop was idle.)
    if (performance.now() - this.busySince > this.ackWaitMs / 4) this.quietly(() => msg.working());
    const heartbeat = setInterval(() => this.quietly(() => msg.working()), Math.max(this.ackWaitMs / 2, 100));
    let outcome: ConsumeOutcome;
    try {
      outcome = await this.run(event);
    } catch (error) {
      if (event.deliveryCount >= this.maxDeliver) return this.park(msg, event, error);
      const backoff = this.options.backoffMs ?? [1_000, 5_000, 15_000, 60_000];
      const delay = backoff[Math.min(event.deliveryCount - 1, backoff.length - 1)] ?? 0;
      this.options.logger.warn({ err: error, event_id: event.id, deliveries: event.deliveryCount }, 'event handler failed; will retry');
      this.quietly(() => msg.nak(delay));
      return 'failed';
    } finally {
      clearInterval(heartbeat);
    }
    // Once committed, an ack lost here only means a redelivery that processed_events turns into a no-op.
    this.quietly(() => msg.ack());
    return outcome;
  }

  private async park(msg: JsMsg, event: ReceivedEvent | undefined, error: unknown): Promise<ConsumeOutcome> {
    const headers = headersToRecord(msg.headers);
    try {
      await parkDeadLetter(this.options.dataSource.manager, {
        consumer: this.options.durable,
        eventId: event?.id ?? headers['Nats-Msg-Id'] ?? `stream-seq-${msg.info.streamSequence}`,
        subject: stripNamespace(this.options.namespace, msg.subject),
        eventType: event?.eventType ?? '',
        businessId: event?.businessId || null,
        payload: msg.data,
        headers,
        error: errorText(error),
        deliveries: msg.info.deliveryCount,
      });
    } catch (parkError) {
      this.options.logger.error({ err: parkError, cause: errorText(error) }, 'could not park event; will retry');
      this.quietly(() => msg.nak(this.options.backoffMs?.[0] ?? 1_000));
      return 'failed';
    }
    this.options.logger.error({ err: error, event_id: event?.id, deliveries: msg.info.deliveryCount }, 'event parked in dead_letters');
    this.quietly(() => msg.term());
    return 'dead_lettered';
  }

  private finish(msg: JsMsg, started: number, outcome: ConsumeOutcome): void {
    this.lastHandled = performance.now();
    const labels = { consumer: this.options.durable, outcome };
    this.metrics.consumed.inc(labels);
    this.metrics.duration.observe(labels, (performance.now() - started) / 1000);
    this.options.logger.debug({ subject: msg.subject, outcome }, 'event consumed');
  }

  /** Acks on a closed connection throw; the server's redelivery is the recovery, so they are only logged. */
  private quietly(send: () => void): void {
    try {
      send();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not acknowledge event to NATS');
    }
  }
}

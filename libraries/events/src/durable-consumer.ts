import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError, type ConsumerConfig, type JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { namespacedSubject } from './streams';

export interface DurableConsumerSpec {
  stream: string;
  durable: string;
  namespace: string;
  /** Without the namespace; empty means the whole stream. */
  filterSubjects: string[];
  ackWaitMs: number;
  /** The server-side cap, which includes the one delivery reserved for parking (see EventConsumer). */
  maxDeliver: number;
}

function filterConfig(namespace: string, subjects: string[]): Partial<ConsumerConfig> {
  const namespaced = subjects.map((subject) => namespacedSubject(namespace, subject));
  if (namespaced.length === 0) return {};
  // `filter_subjects` needs nats-server 2.10; a single filter works on 2.9 too.
  return namespaced.length === 1 ? { filter_subject: namespaced[0] } : { filter_subjects: namespaced };
}

/** Creates the durable pull consumer, or brings an existing one to this config; safe to race. */
export async function ensureDurableConsumer(jsm: JetStreamManager, spec: DurableConsumerSpec): Promise<void> {
  const updatable = {
    ack_wait: nanos(spec.ackWaitMs),
    max_deliver: spec.maxDeliver,
    ...filterConfig(spec.namespace, spec.filterSubjects),
  };
  const exists = () =>
    jsm.consumers.info(spec.stream, spec.durable).then(
      () => true,
      (error: unknown) => {
        if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound) return false;
        throw error;
      },
    );
  if (!(await exists())) {
    try {
      await jsm.consumers.add(spec.stream, {
        durable_name: spec.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ...updatable,
      });
      return;
    } catch (error) {
      if (!(await exists())) throw error;
    }
  }
  await jsm.consumers.update(spec.stream, spec.durable, updatable);
}

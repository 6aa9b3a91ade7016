import { jetstreamManager, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { createTestInfra, type TestInfra } from '@omotenashi/testkit';
import { DUPLICATE_WINDOW_MS, ensureStreams, namespacedSubject, streamForSubject, streamName, stripNamespace } from '../src';

describe('streams', () => {
  let infra: TestInfra;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    infra = await createTestInfra('evstreams');
    nc = await connect({ servers: infra.natsUrl });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await nc?.close();
    await infra?.cleanup();
  });

  it('When several processes ensure the streams at once, then each exists once with the canonical config', async () => {
    const ns = infra.eventsNamespace;
    await Promise.all([ensureStreams(jsm, ns), ensureStreams(jsm, ns), ensureStreams(jsm, ns)]);

    const names: string[] = [];
    for await (const name of jsm.streams.names()) if (name.startsWith(`${ns}_`)) names.push(name);
    expect(names.sort()).toEqual([`${ns}_BOOKING`, `${ns}_CATALOG`, `${ns}_PAYMENT`]);
    const { config } = await jsm.streams.info(`${ns}_BOOKING`);
    expect(config.subjects).toEqual([`${ns}.booking.>`]);
    expect(config.storage).toBe(StorageType.File);
    expect(config.duplicate_window).toBe(nanos(DUPLICATE_WINDOW_MS));
  });

  it('When a stream drifted from its definition, then ensureStreams puts it back', async () => {
    const stream = streamName(infra.eventsNamespace, 'PAYMENT');
    await jsm.streams.update(stream, { max_age: nanos(60 * 60 * 1000) });
    await ensureStreams(jsm, infra.eventsNamespace, ['PAYMENT']);
    expect((await jsm.streams.info(stream)).config.max_age).toBe(nanos(7 * 24 * 60 * 60 * 1000));
  });

  it('When the namespace is empty, then stream names and subjects are the plain ones', () => {
    expect(streamName('', 'BOOKING')).toBe('BOOKING');
    expect(namespacedSubject('', 'booking.booking.created')).toBe('booking.booking.created');
    expect(streamName('ns', 'BOOKING')).toBe('ns_BOOKING');
    expect(namespacedSubject('ns', 'booking.booking.created')).toBe('ns.booking.booking.created');
    expect(stripNamespace('ns', 'ns.booking.booking.created')).toBe('booking.booking.created');
  });

  it('When a subject names no producer stream or breaks the <service>.<entity>.<verb> shape, then it is rejected', () => {
    expect(streamForSubject('payment.payment.refunded')).toBe('PAYMENT');
    expect(streamForSubject('catalog.service.updated')).toBe('CATALOG');
    expect(() => streamForSubject('billing.invoice.created')).toThrow(/No stream carries/);
    expect(() => streamForSubject('booking.created')).toThrow(/<service>.<entity>.<verb>/);
    expect(() => streamForSubject('booking.booking.>')).toThrow();
  });
});

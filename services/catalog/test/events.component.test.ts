import { createLogger } from '@omotenashi/logging';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { catalogEventsV1, catalogV1 } from '@omotenashi/proto';
import { eventually } from '@omotenashi/testkit';
import { startCatalogWorker } from '../src/app';
import { loadCatalogConfig } from '../src/config';
import { newBusiness, newResource, newService, newStaff, startCatalog, type CatalogHarness } from './support/catalog-harness';

interface OutboxRow {
  subject: string;
  event_type: string;
  business_id: string;
  payload: Buffer;
}

describe('Catalog: every write publishes its event through the outbox', () => {
  let h: CatalogHarness;
  let businessId: string;

  beforeAll(async () => {
    h = await startCatalog('events');
  });
  afterAll(() => h?.stop());

  const outbox = async (): Promise<OutboxRow[]> => (await h.db.query<OutboxRow>('SELECT subject, event_type, business_id, payload FROM outbox ORDER BY id')).rows;

  it('When a salon is set up, changed and taken down, then one event per write is recorded, in order, with its protobuf payload', async () => {
    businessId = (await h.catalog.call('createBusiness', newBusiness('evented-salon'))).business!.id;
    await h.catalog.call('updateBusiness', catalogV1.UpdateBusinessRequest.fromPartial({ businessId, displayNameEn: 'Evented', policy: { requiresApproval: true } }));
    await h.catalog.call('setBusinessHours', { businessId, weekly: [{ weekday: 1, opens: '10:00', closes: '18:00' }], closedOnNationalHolidays: true });
    const closureId = (await h.catalog.call('createClosure', { businessId, fromDate: '2027-01-01', toDate: '2027-01-03', reason: '', opens: '', closes: '' })).closure!.id;
    await h.catalog.call('deleteClosure', { businessId, closureId });
    const serviceId = (await h.catalog.call('createService', newService(businessId))).service!.id;
    await h.catalog.call('updateService', catalogV1.UpdateServiceRequest.fromPartial({ businessId, serviceId, isActive: false }));
    const resourceId = (await h.catalog.call('createResource', newResource(businessId))).resource!.id;
    await h.catalog.call('updateResource', catalogV1.UpdateResourceRequest.fromPartial({ businessId, resourceId, capacity: 2 }));
    await h.catalog.call('deleteResource', { businessId, resourceId });
    const staffId = (await h.catalog.call('createStaff', newStaff(businessId))).staff!.id;
    await h.catalog.call('updateStaff', catalogV1.UpdateStaffRequest.fromPartial({ businessId, staffId, role: 'manager' }));
    await h.catalog.call('deleteStaff', { businessId, staffId });
    await h.catalog.call('deleteService', { businessId, serviceId });
    await h.catalog.call('deleteBusiness', { businessId });

    const rows = await outbox();
    expect(rows.map((r) => r.subject)).toEqual([
      'catalog.business.created', 'catalog.business.updated', 'catalog.hours.updated', 'catalog.closure.created', 'catalog.closure.deleted',
      'catalog.service.created', 'catalog.service.updated', 'catalog.resource.created', 'catalog.resource.updated', 'catalog.resource.deleted',
      'catalog.staff.created', 'catalog.staff.updated', 'catalog.staff.deleted', 'catalog.service.deleted', 'catalog.business.deleted',
    ]);
    expect(rows.every((r) => r.business_id === businessId)).toBe(true);
    const payload = (subject: string) => rows.find((r) => r.subject === subject)!.payload;
    expect(rows[1].event_type).toBe('omotenashi.events.v1.BusinessUpdated');
    expect(catalogEventsV1.BusinessUpdated.decode(payload('catalog.business.updated'))).toMatchObject({
      businessId, changedFields: ['display_name_en', 'policy.requires_approval'],
    });
    expect(catalogEventsV1.HoursUpdated.decode(payload('catalog.hours.updated'))).toEqual({ businessId, closedOnNationalHolidays: true, intervalCount: 1 });
    expect(catalogEventsV1.ClosureDeleted.decode(payload('catalog.closure.deleted'))).toEqual({ businessId, closureId, fromDate: '2027-01-01', toDate: '2027-01-03' });
    expect(catalogEventsV1.ServiceUpdated.decode(payload('catalog.service.updated'))).toMatchObject({ serviceId, isActive: false, changedFields: ['is_active'] });
    expect(catalogEventsV1.ResourceUpdated.decode(payload('catalog.resource.updated'))).toMatchObject({ resourceId, capacity: 2, changedFields: ['capacity'] });
    expect(catalogEventsV1.StaffUpdated.decode(payload('catalog.staff.updated'))).toMatchObject({ staffId, role: 'manager', changedFields: ['role'] });
  });

  it('When a write is refused or changes nothing, then no event is recorded', async () => {
    const before = (await outbox()).length;
    const id = (await h.catalog.call('createBusiness', newBusiness('quiet-salon'))).business!.id;
    await h.catalog.call('updateBusiness', catalogV1.UpdateBusinessRequest.fromPartial({ businessId: id, displayNameEn: 'Salon Sakura' }));
    await expect(h.catalog.call('createService', newService(id, { durationMinutes: -1 }))).rejects.toMatchObject({ code: 'COMMON.VALIDATION_FAILED' });
    expect((await outbox()).slice(before).map((r) => r.subject)).toEqual(['catalog.business.created']);
  });

  it('When the worker runs, then the events reach the CATALOG stream', async () => {
    const config = loadCatalogConfig({ ...h.infra.env, GRPC_PORT: '0' });
    const worker = await startCatalogWorker(config, createLogger('catalog-worker-test', { level: 'silent' }));
    const nc = await connect({ servers: h.infra.natsUrl });
    try {
      const stream = `${h.infra.eventsNamespace}_CATALOG`;
      const published = await eventually(async () => {
        const info = await (await jetstreamManager(nc)).streams.info(stream).catch(() => undefined);
        return info && info.state.messages >= 16 ? info.state.messages : undefined;
      });
      expect(published).toBe((await outbox()).length);
      const consumer = await jetstream(nc).consumers.get(stream);
      const first = await consumer.next({ expires: 2_000 });
      expect(first?.subject).toBe(`${h.infra.eventsNamespace}.catalog.business.created`);
    } finally {
      await nc.close();
      await worker.stop();
    }
  });
});

import { catalogV1 } from '@omotenashi/proto';
import { newBusiness, newResource, newService, newStaff, startCatalog, type CatalogHarness } from './support/catalog-harness';

/** An object of another business is NOT_FOUND everywhere, exactly like one that never existed. */
describe("Catalog: another business's ids are not found everywhere", () => {
  let h: CatalogHarness;
  let owner: string;
  let intruder: string;
  const ids: Record<string, string> = {};
  const missing = '0190a5b4-7c1e-7000-8000-0000000000ff';

  beforeAll(async () => {
    h = await startCatalog('tenancy');
    owner = (await h.catalog.call('createBusiness', newBusiness('owner-salon'))).business!.id;
    intruder = (await h.catalog.call('createBusiness', newBusiness('intruder-salon'))).business!.id;
    ids.service = (await h.catalog.call('createService', newService(owner))).service!.id;
    ids.resource = (await h.catalog.call('createResource', newResource(owner))).resource!.id;
    ids.staff = (await h.catalog.call('createStaff', newStaff(owner, { serviceIds: [ids.service] }))).staff!.id;
    ids.closure = (await h.catalog.call('createClosure', { businessId: owner, fromDate: '2027-01-01', toDate: '2027-01-03', reason: '', opens: '', closes: '' })).closure!.id;
    // Warm every cache under the owner: the tenant check must hold for cached reads too.
    await h.catalog.call('getService', { businessId: owner, serviceId: ids.service });
    await h.catalog.call('listResources', { businessId: owner, kind: '', isActive: undefined, limit: 0, cursor: '' });
    await h.catalog.call('listServices', { businessId: owner, isActive: undefined, category: '', limit: 0, cursor: '' });
  });
  afterAll(() => h?.stop());

  const calls = (businessId: string): Array<[string, () => Promise<unknown>, string]> => [
    ['getService', () => h.catalog.call('getService', { businessId, serviceId: ids.service }), 'CATALOG.SERVICE_NOT_FOUND'],
    ['updateService', () => h.catalog.call('updateService', catalogV1.UpdateServiceRequest.fromPartial({ businessId, serviceId: ids.service, priceAmount: 1 })), 'CATALOG.SERVICE_NOT_FOUND'],
    ['deleteService', () => h.catalog.call('deleteService', { businessId, serviceId: ids.service }), 'CATALOG.SERVICE_NOT_FOUND'],
    ['getResource', () => h.catalog.call('getResource', { businessId, resourceId: ids.resource }), 'CATALOG.RESOURCE_NOT_FOUND'],
    ['updateResource', () => h.catalog.call('updateResource', catalogV1.UpdateResourceRequest.fromPartial({ businessId, resourceId: ids.resource, capacity: 9 })), 'CATALOG.RESOURCE_NOT_FOUND'],
    ['deleteResource', () => h.catalog.call('deleteResource', { businessId, resourceId: ids.resource }), 'CATALOG.RESOURCE_NOT_FOUND'],
    ['getStaff', () => h.catalog.call('getStaff', { businessId, staffId: ids.staff }), 'CATALOG.STAFF_NOT_FOUND'],
    ['updateStaff', () => h.catalog.call('updateStaff', catalogV1.UpdateStaffRequest.fromPartial({ businessId, staffId: ids.staff, role: 'owner' })), 'CATALOG.STAFF_NOT_FOUND'],
    ['deleteStaff', () => h.catalog.call('deleteStaff', { businessId, staffId: ids.staff }), 'CATALOG.STAFF_NOT_FOUND'],
    ['deleteClosure', () => h.catalog.call('deleteClosure', { businessId, closureId: ids.closure }), 'CATALOG.CLOSURE_NOT_FOUND'],
    ['getSchedulingData', () => h.catalog.call('getSchedulingData', { businessId, serviceId: ids.service, fromDate: '2027-01-01', toDate: '2027-01-07' }), 'CATALOG.SERVICE_NOT_FOUND'],
  ];

  it.each(calls('intruder').map(([name]) => [name]))("When %s names the owner's object under the intruder's business, then it is not found", async (name) => {
    const [, call, code] = calls(intruder).find(([n]) => n === name)!;
    await expect(call()).rejects.toMatchObject({ code, kind: 'not_found' });
  });

  it('When the intruder lists, then none of the owner\'s objects appear', async () => {
    expect((await h.catalog.call('listServices', { businessId: intruder, isActive: undefined, category: '', limit: 0, cursor: '' })).services).toEqual([]);
    expect((await h.catalog.call('listResources', { businessId: intruder, kind: '', isActive: undefined, limit: 0, cursor: '' })).resources).toEqual([]);
    expect((await h.catalog.call('listStaff', { businessId: intruder, isActive: undefined, serviceId: ids.service, limit: 0, cursor: '' })).staff).toEqual([]);
    expect((await h.catalog.call('listClosures', { businessId: intruder, fromDate: '', toDate: '' })).closures).toEqual([]);
  });

  it("When the intruder links the owner's service or staff, then the foreign id is refused", async () => {
    await expect(h.catalog.call('createStaff', newStaff(intruder, { serviceIds: [ids.service] }))).rejects.toMatchObject({
      fields: [{ pointer: '/service_ids/0', detail: 'is not a service of this business' }],
    });
    await expect(h.catalog.call('createService', newService(intruder, { staffIds: { values: [ids.staff] } }))).rejects.toMatchObject({
      fields: [{ pointer: '/staff_ids/0', detail: 'is not a staff member of this business' }],
    });
  });

  it('When a business id does not exist, then every call says the business is not found', async () => {
    for (const call of [
      () => h.catalog.call('getBusiness', { businessId: missing }),
      () => h.catalog.call('getBusinessHours', { businessId: missing }),
      () => h.catalog.call('setBusinessHours', { businessId: missing, weekly: [], closedOnNationalHolidays: false }),
      () => h.catalog.call('listServices', { businessId: missing, isActive: undefined, category: '', limit: 0, cursor: '' }),
      () => h.catalog.call('createResource', newResource(missing)),
      () => h.catalog.call('createStaff', newStaff(missing)),
      () => h.catalog.call('createClosure', { businessId: missing, fromDate: '2027-01-01', toDate: '2027-01-01', reason: '', opens: '', closes: '' }),
      () => h.catalog.call('updateBusiness', catalogV1.UpdateBusinessRequest.fromPartial({ businessId: missing, displayNameEn: 'x' })),
      () => h.catalog.call('deleteBusiness', { businessId: missing }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'CATALOG.BUSINESS_NOT_FOUND' });
    }
  });

  it("When the owner's objects are read by the owner afterwards, then nothing was changed by the attempts", async () => {
    const { service } = await h.catalog.call('getService', { businessId: owner, serviceId: ids.service });
    expect(service).toMatchObject({ price: { amount: 5500 }, staffIds: [ids.staff] });
    expect((await h.catalog.call('getStaff', { businessId: owner, staffId: ids.staff })).staff?.role).toBe('staff');
    expect((await h.catalog.call('getResource', { businessId: owner, resourceId: ids.resource })).resource?.capacity).toBe(1);
  });
});

import { catalogV1 } from '@omotenashi/proto';
import { listQuery } from '../src/data-access/business.repository';
import { closuresQuery } from '../src/data-access/hours.repository';
import { RESOURCES_OF_BUSINESS_SQL } from '../src/data-access/resource.repository';
import { SERVICES_OF_BUSINESS_SQL } from '../src/data-access/service.repository';
import { ACTIVE_STAFF_SQL, ELIGIBLE_STAFF_SQL, staffListQuery, STAFF_OF_USER_SQL } from '../src/data-access/staff.repository';
import { newBusiness, newResource, newService, newStaff, startCatalog, type CatalogHarness } from './support/catalog-harness';

/**
 * The list and search queries the repositories run (their own SQL text, not copies) use the intended
 * index. A few thousand other tenants are bulk-loaded so that the planner sees a realistic spread
 * (on a handful of rows it rightly walks the primary key), and sequential scans are priced out for
 * this session only: what is left is the planner's choice among indexes.
 */
const OTHER_TENANTS_SQL = `
  INSERT INTO businesses (id, slug, display_name_ja, display_name_en, category, timezone, currency, policy)
    SELECT gen_random_uuid(), 'shop-' || g, '店舗' || g || '号店', 'Shop number ' || g,
      (ARRAY['hair', 'nail', 'spa', 'restaurant', 'lodging'])[1 + g % 5], 'Asia/Tokyo', 'JPY', '{}'
    FROM generate_series(1, 3000) g;
  -- Closed businesses stay as soft-deleted rows: the partial indexes leave them out, the primary key can't.
  UPDATE businesses SET deleted_at = now() WHERE slug LIKE 'shop-%' AND substring(slug FROM 6)::int % 3 = 0;
  INSERT INTO services (id, business_id, name_ja, name_en, category, duration_minutes, price_amount, currency)
    SELECT gen_random_uuid(), b.id, 'メニュー', 'Menu', b.category, 60, 1000, 'JPY' FROM businesses b, generate_series(1, 3)
    WHERE b.slug LIKE 'shop-%' AND b.deleted_at IS NULL;
  INSERT INTO resources (id, business_id, kind, name_en)
    SELECT gen_random_uuid(), b.id, 'chair', 'Chair' FROM businesses b, generate_series(1, 2) WHERE b.slug LIKE 'shop-%';
  INSERT INTO staff_assignments (id, business_id, user_id, email, display_name, role)
    SELECT gen_random_uuid(), b.id, gen_random_uuid(), 'staff' || g || '@' || b.slug || '.example', 'Staff', 'staff'
    FROM businesses b, generate_series(1, 2) g WHERE b.slug LIKE 'shop-%';
  INSERT INTO closures (id, business_id, from_date, to_date)
    SELECT gen_random_uuid(), b.id, '2027-01-01', '2027-01-02' FROM businesses b WHERE b.slug LIKE 'shop-%';`;

describe('Catalog: every list and search query uses its index', () => {
  let h: CatalogHarness;
  let businessId: string;
  let serviceId: string;
  const userId = '0190a5b4-7c1e-7000-8000-00000000b001';

  beforeAll(async () => {
    h = await startCatalog('indexes');
    for (const [i, [slug, ja, en, category]] of [
      ['salon-sakura', '美容室さくら', 'Salon Sakura', 'hair'],
      ['yukemuri-ryokan', '湯けむり旅館', 'Yukemuri Ryokan', 'lodging'],
      ['sushi-ginza', '鮨 銀座', 'Sushi Ginza', 'restaurant'],
      ['nail-hana', 'ネイル花', 'Nail Hana', 'nail'],
    ].entries()) {
      const { business } = await h.catalog.call('createBusiness', newBusiness(slug, { displayNameJa: ja, displayNameEn: en, category }));
      if (i === 0) businessId = business!.id;
      if (i === 3) await h.catalog.call('deleteBusiness', { businessId: business!.id });
    }
    serviceId = (await h.catalog.call('createService', newService(businessId))).service!.id;
    await h.catalog.call('createService', newService(businessId, { nameEn: 'Colour', isActive: false }));
    await h.catalog.call('createResource', newResource(businessId));
    await h.catalog.call('createStaff', newStaff(businessId, { userId, serviceIds: [serviceId] }));
    const { staff } = await h.catalog.call('createStaff', newStaff(businessId, { email: 'gone@example.jp' }));
    await h.catalog.call('deleteStaff', { businessId, staffId: staff!.id });
    await h.catalog.call('createClosure', { businessId, fromDate: '2026-12-29', toDate: '2027-01-03', reason: '', opens: '', closes: '' });
    await h.catalog.call('updateBusiness', catalogV1.UpdateBusinessRequest.fromPartial({ businessId, descriptionEn: 'indexed' }));
    await h.db.query(OTHER_TENANTS_SQL);
    await h.db.query('ANALYZE');
    await h.db.query('SET enable_seqscan = off');
  });
  afterAll(() => h?.stop());

  async function plan(sql: string, params: unknown[]): Promise<string> {
    const { rows } = await h.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  }

  it('When businesses are listed without filters, then pages walk idx_businesses_listing', async () => {
    const { sql, params } = listQuery({ limit: 20 });
    expect(await plan(sql, params)).toMatch(/Index Scan using idx_businesses_listing on businesses/);
  });

  it('When businesses are listed by category, then idx_businesses_category (category, id) serves filter and order', async () => {
    const { sql, params } = listQuery({ limit: 20, category: 'lodging', afterId: '00000000-0000-0000-0000-000000000000' });
    expect(await plan(sql, params)).toMatch(/Index Scan using idx_businesses_category on businesses/);
  });

  // Three characters or more: shorter terms have no trigram and the planner rightly walks the listing instead.
  it.each([['さくら'], ['ryokan'], ['湯けむり']])('When businesses are searched for "%s", then the trigram index answers', async (query) => {
    const { sql, params } = listQuery({ limit: 20, query });
    expect(await plan(sql, params)).toMatch(/Bitmap Index Scan on idx_businesses_names_trgm/);
  });

  it('When a search finds names in Japanese and English, then it matches either language and skips deleted businesses', async () => {
    const search = async (query: string) =>
      (await h.catalog.call('listBusinesses', { query, category: '', limit: 0, cursor: '' })).businesses.map((b) => b.slug);
    expect(await search('さくら')).toEqual(['salon-sakura']);
    expect(await search('RYOKAN')).toEqual(['yukemuri-ryokan']);
    expect(await search('花')).toEqual([]);
    expect(await search('鮨')).toEqual(['sushi-ginza']);
    expect(await search('100%')).toEqual([]);
  });

  it("When a business's services are listed, then idx_services_business answers", async () => {
    expect(await plan(SERVICES_OF_BUSINESS_SQL, [businessId])).toMatch(/(Index Scan using|Bitmap Index Scan on) idx_services_business/);
  });

  it("When a business's resources and closures are listed, then idx_resources_business and idx_closures_business answer", async () => {
    expect(await plan(RESOURCES_OF_BUSINESS_SQL, [businessId])).toMatch(/idx_resources_business/);
    const { sql, params } = closuresQuery(businessId, '2027-01-01', '2027-01-31');
    expect(await plan(sql, params)).toMatch(/idx_closures_business/);
  });

  it('When staff are listed, filtered by activity or read for scheduling, then idx_staff_business answers', async () => {
    for (const filter of [{}, { isActive: true }]) {
      const { sql, params } = staffListQuery(businessId, filter);
      expect(await plan(sql, params)).toMatch(/Index Scan using idx_staff_business on staff_assignments|Bitmap Index Scan on idx_staff_business/);
    }
    const eligible = await plan(ELIGIBLE_STAFF_SQL, [businessId, serviceId, new Date('2027-01-01'), new Date('2027-01-15')]);
    expect(eligible).toMatch(/idx_staff_business|staff_services_pkey|idx_staff_services_service/);
    expect(eligible).not.toMatch(/Seq Scan on staff_assignments/);
    const everyone = await plan(ACTIVE_STAFF_SQL, [businessId, new Date('2027-01-01'), new Date('2027-01-15')]);
    expect(everyone).toMatch(/idx_staff_business/);
    expect(everyone).not.toMatch(/Seq Scan on staff_assignments/);
  });

  it("When a person's assignments are listed, then idx_staff_user answers", async () => {
    expect(await plan(STAFF_OF_USER_SQL, [userId])).toMatch(/Index Scan using idx_staff_user on staff_assignments|Bitmap Index Scan on idx_staff_user/);
  });

  it('When the catalog migrations ran, then the seed indexes exist as partial indexes', async () => {
    const { rows } = await h.db.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'catalog' AND indexname = ANY($1) ORDER BY indexname`,
      [['idx_services_business', 'idx_services_category', 'idx_staff_business', 'idx_staff_user']],
    );
    expect(Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef.replace(/ USING btree|catalog\./g, '')]))).toEqual({
      idx_services_business: 'CREATE INDEX idx_services_business ON services (business_id, is_active) WHERE (deleted_at IS NULL)',
      idx_services_category: 'CREATE INDEX idx_services_category ON services (category) WHERE (deleted_at IS NULL)',
      idx_staff_business: 'CREATE INDEX idx_staff_business ON staff_assignments (business_id, is_active) WHERE (terminated_at IS NULL)',
      idx_staff_user: 'CREATE INDEX idx_staff_user ON staff_assignments (user_id) WHERE (terminated_at IS NULL)',
    });
  });
});

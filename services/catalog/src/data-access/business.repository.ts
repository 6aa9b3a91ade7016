import { catalogEventsV1 } from '@omotenashi/proto';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DEFAULT_POLICY, DEFAULT_SETTINGS, EMPTY_ADDRESS, type Business, type BusinessSettings, type NewBusiness } from '../domain/business';
import { CatalogErrors } from '../domain/catalog.errors';
import type { PageRequest } from '../domain/pagination';
import { isUniqueViolation, recordEvent, returning } from './catalog-events';

const COLUMNS = `id, slug, display_name_ja, display_name_en, description_ja, description_en, category, timezone, currency,
  policy, settings, address, owner_user_id, created_at, updated_at`;

interface BusinessRow {
  id: string;
  slug: string;
  display_name_ja: string;
  display_name_en: string;
  description_ja: string;
  description_en: string;
  category: string;
  timezone: string;
  currency: string;
  policy: Partial<NewBusiness['policy']>;
  settings: Partial<BusinessSettings>;
  address: Partial<NewBusiness['address']>;
  owner_user_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface BusinessSearch extends PageRequest {
  query?: string;
  category?: string;
}

/** `%`, `_` and `\` in a search term are text, not wildcards. */
export const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, '\\$&')}%`;

/** Businesses; every write commits with its outbox event. Soft-deleted rows are invisible. */
export class BusinessRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(input: NewBusiness): Promise<Business> {
    return this.writing(input.slug, async (manager) => {
      const [row]: BusinessRow[] = await manager.query(
        `INSERT INTO businesses (id, slug, display_name_ja, display_name_en, description_ja, description_en, category, timezone,
           currency, policy, settings, address, owner_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${COLUMNS}`,
        [uuidv7(), ...values(input), input.ownerUserId ?? null],
      );
      const business = toBusiness(row);
      await recordEvent(manager, 'catalog.business.created', 'BusinessCreated', catalogEventsV1.BusinessCreated, {
        businessId: business.id, slug: business.slug, timezone: business.timezone, currency: business.currency,
      });
      return business;
    });
  }

  async find(id: string): Promise<Business | undefined> {
    const [row]: BusinessRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM businesses WHERE id = $1 AND deleted_at IS NULL`, [id]);
    return row && toBusiness(row);
  }

  async findIdBySlug(slug: string): Promise<string | undefined> {
    const [row]: { id: string }[] = await this.dataSource.query(`SELECT id FROM businesses WHERE slug = $1 AND deleted_at IS NULL`, [slug]);
    return row?.id;
  }

  /** Keyset pages in id order; name search goes through the trigram index, category through (category, id). */
  async list(search: BusinessSearch): Promise<Business[]> {
    const { sql, params } = listQuery(search);
    const rows: BusinessRow[] = await this.dataSource.query(sql, params);
    return rows.map(toBusiness);
  }

  async update(id: string, input: NewBusiness, changed: string[]): Promise<Business | undefined> {
    return this.writing(input.slug, async (manager) => {
      const [row]: BusinessRow[] = await returning(manager,
        `UPDATE businesses SET slug = $2, display_name_ja = $3, display_name_en = $4, description_ja = $5, description_en = $6,
           category = $7, timezone = $8, currency = $9, policy = $10, settings = $11, address = $12, updated_at = now()
         WHERE id = $1 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
        [id, ...values(input)],
      );
      if (!row) return undefined;
      const business = toBusiness(row);
      await recordEvent(manager, 'catalog.business.updated', 'BusinessUpdated', catalogEventsV1.BusinessUpdated, {
        businessId: id, slug: business.slug, timezone: business.timezone, currency: business.currency, changedFields: changed,
      });
      return business;
    });
  }

  async softDelete(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [row]: { slug: string }[] = await returning(manager,
        `UPDATE businesses SET deleted_at = now(), updated_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING slug`,
        [id],
      );
      if (!row) return false;
      await recordEvent(manager, 'catalog.business.deleted', 'BusinessDeleted', catalogEventsV1.BusinessDeleted, { businessId: id, slug: row.slug });
      return true;
    });
  }

  async countServices(businessId: string): Promise<number> {
    const [row]: { n: string }[] = await this.dataSource.query(
      `SELECT count(*) AS n FROM services WHERE business_id = $1 AND deleted_at IS NULL`,
      [businessId],
    );
    return Number(row.n);
  }

  private async writing<T>(slug: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error)) throw CatalogErrors.slugTaken(slug);
      throw error;
    }
  }
}

export function listQuery(search: BusinessSearch): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where = ['deleted_at IS NULL'];
  if (search.category) where.push(`category = $${params.push(search.category)}`);
  if (search.query) {
    const p = params.push(likePattern(search.query));
    where.push(`(display_name_ja ILIKE $${p} OR display_name_en ILIKE $${p})`);
  }
  if (search.afterId) where.push(`id > $${params.push(search.afterId)}`);
  const limit = params.push(search.limit + 1);
  return { sql: `SELECT ${COLUMNS} FROM businesses WHERE ${where.join(' AND ')} ORDER BY id LIMIT $${limit}`, params };
}

function values(input: NewBusiness): unknown[] {
  return [
    input.slug, input.displayNameJa, input.displayNameEn, input.descriptionJa, input.descriptionEn, input.category, input.timezone,
    input.currency, JSON.stringify(input.policy), JSON.stringify(input.settings), JSON.stringify(input.address),
  ];
}

/** Older rows lack newer policy and settings fields: they take the defaults. */
function toBusiness(row: BusinessRow): Business {
  return {
    id: row.id,
    slug: row.slug,
    displayNameJa: row.display_name_ja,
    displayNameEn: row.display_name_en,
    descriptionJa: row.description_ja,
    descriptionEn: row.description_en,
    category: row.category,
    timezone: row.timezone,
    currency: row.currency.trim(),
    policy: { ...DEFAULT_POLICY, ...row.policy },
    settings: { ...DEFAULT_SETTINGS, ...row.settings },
    address: { ...EMPTY_ADDRESS, ...row.address },
    ownerUserId: row.owner_user_id ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

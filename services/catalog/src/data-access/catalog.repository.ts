import { writeOutbox } from '@omotenashi/events';
import { catalogEventsV1 } from '@omotenashi/proto';
import { v7 as uuidv7 } from 'uuid';
import type { DataSource } from 'typeorm';
import type { Business, NewBusiness } from '../domain/business';
import { CatalogErrors } from '../domain/catalog.errors';
import type { NewService, Service } from '../domain/service';
import { BusinessEntity } from './entities/business.entity';
import { ServiceEntity } from './entities/service.entity';

const UNIQUE_VIOLATION = '23505';

/** Reads and writes the catalog schema; every write commits with its outbox event. */
export class CatalogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async createBusiness(input: NewBusiness): Promise<Business> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const saved = await manager.save(manager.create(BusinessEntity, { ...input, id: uuidv7(), ownerUserId: input.ownerUserId ?? null }));
        await writeOutbox(manager, {
          subject: 'catalog.business.created',
          eventType: 'omotenashi.events.v1.BusinessCreated',
          businessId: saved.id,
          payload: catalogEventsV1.BusinessCreated.encode({
            businessId: saved.id,
            slug: saved.slug,
            timezone: saved.timezone,
            currency: saved.currency,
          }).finish(),
        });
        return toBusiness(saved);
      });
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw CatalogErrors.slugTaken(input.slug);
      throw error;
    }
  }

  async findBusiness(id: string): Promise<Business | undefined> {
    const found = await this.dataSource.getRepository(BusinessEntity).findOneBy({ id });
    return found ? toBusiness(found) : undefined;
  }

  async createService(input: NewService): Promise<Service> {
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(manager.create(ServiceEntity, { ...input, id: uuidv7() }));
      await writeOutbox(manager, {
        subject: 'catalog.service.created',
        eventType: 'omotenashi.events.v1.ServiceCreated',
        businessId: saved.businessId,
        payload: catalogEventsV1.ServiceCreated.encode({
          businessId: saved.businessId,
          serviceId: saved.id,
          durationMinutes: saved.durationMinutes,
          priceAmount: saved.priceAmount,
          currency: saved.currency,
        }).finish(),
      });
      return saved;
    });
  }

  /** Tenant-scoped: a service of another business is as absent as one that never existed. */
  async findService(businessId: string, serviceId: string): Promise<Service | undefined> {
    return (await this.dataSource.getRepository(ServiceEntity).findOneBy({ id: serviceId, businessId })) ?? undefined;
  }
}

function toBusiness(entity: BusinessEntity): Business {
  return { ...entity, ownerUserId: entity.ownerUserId ?? undefined };
}

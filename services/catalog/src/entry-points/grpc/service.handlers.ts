import { requireUuid } from '@omotenashi/grpc';
import type { Prepayment } from '../../domain/service';
import type { CatalogUseCases } from '../../domain/use-cases/catalog.use-cases';
import { serviceToResponse } from './catalog.mappers';
import type { HandlersOf } from './handlers';

type ServiceHandlers = HandlersOf<'createService' | 'getService' | 'listServices' | 'updateService' | 'deleteService'>;

export function serviceHandlers({ services }: CatalogUseCases): ServiceHandlers {
  return {
    createService: async (request) => ({
      service: serviceToResponse(
        await services.create({
          businessId: requireUuid(request.businessId, '/business_id'),
          nameJa: request.nameJa,
          nameEn: request.nameEn,
          descriptionJa: request.descriptionJa,
          descriptionEn: request.descriptionEn,
          category: request.category,
          durationMinutes: request.durationMinutes,
          bufferBeforeMinutes: request.bufferBeforeMinutes,
          bufferAfterMinutes: request.bufferAfterMinutes,
          priceAmount: request.price?.amount ?? 0,
          currency: request.price?.currency ?? '',
          capacity: request.capacity,
          prepayment: request.prepayment as Prepayment,
          depositAmount: request.depositAmount,
          resourceKinds: request.resourceKinds?.values ?? [],
          staffIds: request.staffIds?.values ?? [],
          isActive: request.isActive ?? true,
        }),
      ),
    }),
    getService: async (request) => ({
      service: serviceToResponse(await services.get(requireUuid(request.businessId, '/business_id'), requireUuid(request.serviceId, '/service_id'))),
    }),
    listServices: async (request) => {
      const page = await services.list(requireUuid(request.businessId, '/business_id'), {
        isActive: request.isActive,
        category: request.category,
        limit: request.limit,
        cursor: request.cursor,
      });
      return { services: page.items.map(serviceToResponse), nextCursor: page.nextCursor };
    },
    updateService: async (request) => {
      const { businessId, serviceId, resourceKinds, staffIds, prepayment, ...fields } = request;
      const service = await services.update(requireUuid(businessId, '/business_id'), requireUuid(serviceId, '/service_id'), {
        ...fields,
        prepayment: prepayment as Prepayment | undefined,
        resourceKinds: resourceKinds?.values,
        staffIds: staffIds?.values,
      });
      return { service: serviceToResponse(service) };
    },
    deleteService: async (request) => {
      await services.delete(requireUuid(request.businessId, '/business_id'), requireUuid(request.serviceId, '/service_id'));
      return {};
    },
  };
}

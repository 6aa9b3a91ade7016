import { requireUuid } from '@omotenashi/grpc';
import type { CatalogUseCases } from '../../domain/use-cases/catalog.use-cases';
import { resourceToResponse } from './catalog.mappers';
import type { HandlersOf } from './handlers';

type ResourceHandlers = HandlersOf<'createResource' | 'getResource' | 'listResources' | 'updateResource' | 'deleteResource'>;

export function resourceHandlers({ resources }: CatalogUseCases): ResourceHandlers {
  return {
    createResource: async (request) => ({
      resource: resourceToResponse(
        await resources.create({
          businessId: requireUuid(request.businessId, '/business_id'),
          kind: request.kind,
          nameJa: request.nameJa,
          nameEn: request.nameEn,
          capacity: request.capacity,
          isActive: request.isActive ?? true,
        }),
      ),
    }),
    getResource: async (request) => ({
      resource: resourceToResponse(await resources.get(requireUuid(request.businessId, '/business_id'), requireUuid(request.resourceId, '/resource_id'))),
    }),
    listResources: async (request) => {
      const page = await resources.list(requireUuid(request.businessId, '/business_id'), {
        kind: request.kind,
        isActive: request.isActive,
        limit: request.limit,
        cursor: request.cursor,
      });
      return { resources: page.items.map(resourceToResponse), nextCursor: page.nextCursor };
    },
    updateResource: async (request) => {
      const { businessId, resourceId, ...patch } = request;
      return { resource: resourceToResponse(await resources.update(requireUuid(businessId, '/business_id'), requireUuid(resourceId, '/resource_id'), patch)) };
    },
    deleteResource: async (request) => {
      await resources.delete(requireUuid(request.businessId, '/business_id'), requireUuid(request.resourceId, '/resource_id'));
      return {};
    },
  };
}

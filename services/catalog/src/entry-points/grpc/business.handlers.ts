import { requireUuid } from '@omotenashi/grpc';
import type { CatalogUseCases } from '../../domain/use-cases/catalog.use-cases';
import { businessToResponse, toBusinessInput } from './catalog.mappers';
import type { HandlersOf } from './handlers';

type BusinessHandlers = HandlersOf<'createBusiness' | 'getBusiness' | 'getBusinessBySlug' | 'listBusinesses' | 'updateBusiness' | 'deleteBusiness'>;

export function businessHandlers({ businesses }: CatalogUseCases): BusinessHandlers {
  return {
    createBusiness: async (request) => ({
      business: businessToResponse(
        await businesses.create({
          ...toBusinessInput(request),
          ownerUserId: request.ownerUserId ? requireUuid(request.ownerUserId, '/owner_user_id') : undefined,
        }),
      ),
    }),
    getBusiness: async (request) => ({ business: businessToResponse(await businesses.get(requireUuid(request.businessId, '/business_id'))) }),
    getBusinessBySlug: async (request) => ({ business: businessToResponse(await businesses.getBySlug(request.slug)) }),
    listBusinesses: async (request) => {
      const page = await businesses.list({ query: request.query, category: request.category, limit: request.limit, cursor: request.cursor });
      return { businesses: page.items.map(businessToResponse), nextCursor: page.nextCursor };
    },
    updateBusiness: async (request) => ({
      business: businessToResponse(await businesses.update(requireUuid(request.businessId, '/business_id'), toBusinessInput(request))),
    }),
    deleteBusiness: async (request) => {
      await businesses.delete(requireUuid(request.businessId, '/business_id'));
      return {};
    },
  };
}

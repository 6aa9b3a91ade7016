import { requireUuid, unaryService } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { catalogV1 } from '@omotenashi/proto';
import type { Prepayment } from '../../domain/service';
import type { CatalogUseCases } from '../../domain/use-cases/catalog.use-cases';
import { businessToResponse, serviceToResponse } from './catalog.mappers';

export const CATALOG_SERVICE_NAME = 'omotenashi.catalog.v1.CatalogService';

export function catalogGrpcService(useCases: CatalogUseCases, logger: Logger) {
  return {
    name: CATALOG_SERVICE_NAME,
    definition: catalogV1.CatalogServiceService,
    implementation: unaryService<catalogV1.CatalogServiceServer>(
      CATALOG_SERVICE_NAME,
      {
        createBusiness: async (request) => ({
          business: businessToResponse(
            await useCases.createBusiness({
              ...request,
              ownerUserId: request.ownerUserId ? requireUuid(request.ownerUserId, '/owner_user_id') : undefined,
              policy: request.policy,
            }),
          ),
        }),
        getBusiness: async (request) => ({
          business: businessToResponse(await useCases.getBusiness(requireUuid(request.businessId, '/business_id'))),
        }),
        createService: async (request) => ({
          service: serviceToResponse(
            await useCases.createService({
              businessId: requireUuid(request.businessId, '/business_id'),
              nameJa: request.nameJa,
              nameEn: request.nameEn,
              category: request.category,
              durationMinutes: request.durationMinutes,
              bufferBeforeMinutes: request.bufferBeforeMinutes,
              bufferAfterMinutes: request.bufferAfterMinutes,
              priceAmount: request.price?.amount ?? 0,
              currency: request.price?.currency ?? '',
              capacity: request.capacity,
              prepayment: request.prepayment as Prepayment,
              depositAmount: request.depositAmount,
              isActive: request.isActive ?? true,
            }),
          ),
        }),
        getService: async (request) => ({
          service: serviceToResponse(
            await useCases.getService(requireUuid(request.businessId, '/business_id'), requireUuid(request.serviceId, '/service_id')),
          ),
        }),
      },
      logger,
    ),
  };
}

import { requireUuid, unaryService } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { catalogV1 } from '@omotenashi/proto';
import type { CatalogUseCases } from '../../domain/use-cases/catalog.use-cases';
import { businessHandlers } from './business.handlers';
import {
  businessToResponse, closureToResponse, holidayToResponse, hoursToResponse, resourceToResponse, serviceToResponse, staffToResponse,
} from './catalog.mappers';
import type { CatalogHandlers } from './handlers';
import { hoursHandlers } from './hours.handlers';
import { resourceHandlers } from './resource.handlers';
import { serviceHandlers } from './service.handlers';
import { staffHandlers } from './staff.handlers';

export const CATALOG_SERVICE_NAME = 'omotenashi.catalog.v1.CatalogService';

export function catalogGrpcService(useCases: CatalogUseCases, logger: Logger) {
  const handlers: CatalogHandlers = {
    ...businessHandlers(useCases),
    ...hoursHandlers(useCases),
    ...serviceHandlers(useCases),
    ...resourceHandlers(useCases),
    ...staffHandlers(useCases),
    getSchedulingData: async (request) => {
      if (request.wholeBusiness) {
        const whole = await useCases.scheduling.getWholeBusiness({
          businessId: requireUuid(request.businessId, '/business_id'),
          fromDate: request.fromDate,
          toDate: request.toDate,
        });
        return {
          business: businessToResponse(whole.business),
          service: undefined,
          services: whole.services.map(serviceToResponse),
          hours: hoursToResponse(whole.hours),
          closures: whole.closures.map(closureToResponse),
          holidays: whole.holidays.map(holidayToResponse),
          staff: whole.staff.map(staffToResponse),
          resources: whole.resources.map(resourceToResponse),
        };
      }
      const data = await useCases.scheduling.get({
        businessId: requireUuid(request.businessId, '/business_id'),
        serviceId: requireUuid(request.serviceId, '/service_id'),
        fromDate: request.fromDate,
        toDate: request.toDate,
      });
      return {
        business: businessToResponse(data.business),
        service: serviceToResponse(data.service),
        hours: hoursToResponse(data.hours),
        closures: data.closures.map(closureToResponse),
        holidays: data.holidays.map(holidayToResponse),
        staff: data.staff.map(staffToResponse),
        resources: data.resources.map(resourceToResponse),
        services: [],
      };
    },
  };
  return {
    name: CATALOG_SERVICE_NAME,
    definition: catalogV1.CatalogServiceService,
    implementation: unaryService<catalogV1.CatalogServiceServer>(CATALOG_SERVICE_NAME, handlers, logger),
  };
}

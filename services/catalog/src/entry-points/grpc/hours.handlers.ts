import { requireUuid } from '@omotenashi/grpc';
import type { CatalogUseCases } from '../../domain/use-cases/catalog.use-cases';
import { closureToResponse, hoursToResponse, toWeekly } from './catalog.mappers';
import type { HandlersOf } from './handlers';

type HoursHandlers = HandlersOf<'getBusinessHours' | 'setBusinessHours' | 'listClosures' | 'createClosure' | 'deleteClosure'>;

export function hoursHandlers({ hours }: CatalogUseCases): HoursHandlers {
  return {
    getBusinessHours: async (request) => ({ hours: hoursToResponse(await hours.get(requireUuid(request.businessId, '/business_id'))) }),
    setBusinessHours: async (request) => ({
      hours: hoursToResponse(
        await hours.replace(requireUuid(request.businessId, '/business_id'), {
          weekly: toWeekly(request.weekly),
          closedOnNationalHolidays: request.closedOnNationalHolidays,
        }),
      ),
    }),
    listClosures: async (request) => ({
      closures: (await hours.listClosures(requireUuid(request.businessId, '/business_id'), request.fromDate, request.toDate)).map(closureToResponse),
    }),
    createClosure: async (request) => ({
      closure: closureToResponse(
        await hours.createClosure({
          businessId: requireUuid(request.businessId, '/business_id'),
          fromDate: request.fromDate,
          toDate: request.toDate,
          reason: request.reason,
          opens: request.opens || null,
          closes: request.closes || null,
        }),
      ),
    }),
    deleteClosure: async (request) => {
      await hours.deleteClosure(requireUuid(request.businessId, '/business_id'), requireUuid(request.closureId, '/closure_id'));
      return {};
    },
  };
}

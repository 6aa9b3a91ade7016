import { requireUuid } from '@omotenashi/grpc';
import type { StaffRole } from '../../domain/staff';
import type { CatalogUseCases } from '../../domain/use-cases/catalog.use-cases';
import { staffToResponse, toTimeOff, toWeekly } from './catalog.mappers';
import type { HandlersOf } from './handlers';

type StaffHandlers = HandlersOf<'createStaff' | 'getStaff' | 'listStaff' | 'updateStaff' | 'deleteStaff' | 'listStaffByUser'>;

export function staffHandlers({ staff }: CatalogUseCases): StaffHandlers {
  return {
    createStaff: async (request) => ({
      staff: staffToResponse(
        await staff.create({
          businessId: requireUuid(request.businessId, '/business_id'),
          userId: request.userId || null,
          email: request.email,
          displayName: request.displayName,
          role: request.role as StaffRole,
          isActive: request.isActive ?? true,
          serviceIds: request.serviceIds,
          schedule: toWeekly(request.schedule),
          timeOff: toTimeOff(request.timeOff),
        }),
      ),
    }),
    getStaff: async (request) => ({
      staff: staffToResponse(await staff.get(requireUuid(request.businessId, '/business_id'), requireUuid(request.staffId, '/staff_id'))),
    }),
    listStaff: async (request) => {
      const page = await staff.list(requireUuid(request.businessId, '/business_id'), {
        isActive: request.isActive,
        serviceId: request.serviceId ? requireUuid(request.serviceId, '/service_id') : '',
        limit: request.limit,
        cursor: request.cursor,
      });
      return { staff: page.items.map(staffToResponse), nextCursor: page.nextCursor };
    },
    updateStaff: async (request) => {
      const updated = await staff.update(requireUuid(request.businessId, '/business_id'), requireUuid(request.staffId, '/staff_id'), {
        userId: request.userId === undefined ? undefined : request.userId || null,
        email: request.email,
        displayName: request.displayName,
        role: request.role as StaffRole | undefined,
        isActive: request.isActive,
        serviceIds: request.serviceIds?.values,
        schedule: request.schedule && toWeekly(request.schedule.weekly),
        timeOff: request.timeOff && toTimeOff(request.timeOff.values),
      });
      return { staff: staffToResponse(updated) };
    },
    deleteStaff: async (request) => {
      await staff.delete(requireUuid(request.businessId, '/business_id'), requireUuid(request.staffId, '/staff_id'));
      return {};
    },
    listStaffByUser: async (request) => ({ staff: (await staff.listByUser(requireUuid(request.userId, '/user_id'))).map(staffToResponse) }),
  };
}

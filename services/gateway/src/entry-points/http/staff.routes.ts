import type { FastifyPluginAsync } from 'fastify';
import { createStaff, deleteStaff, getStaff, listStaff, updateStaff } from '../../domain/staff.use-cases';
import { MANAGERS, MEMBERS } from './access';
import type { BusinessParams } from './common.schemas';
import { parseFields, selectFields } from './field-selection';
import type { RouteDeps } from './route-deps';
import { toCreateStaffRequest, toStaffResponse, toUpdateStaffRequest } from './staff.mappers';
import {
  createStaffSchema,
  deleteStaffSchema,
  getStaffSchema,
  listStaffSchema,
  staffResponse,
  updateStaffSchema,
  type CreateStaffBody,
  type ListStaffQuery,
  type StaffParams,
  type UpdateStaffBody,
} from './staff.schemas';

/** Staff assignments (schedules, time off, services performed): members read, managers change. */
export const staffRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams }) => {
  app.post<{ Params: BusinessParams; Body: CreateStaffBody }>(
    '/v1/businesses/:businessId/staff',
    { schema: createStaffSchema, config: { access: MANAGERS } },
    async (request, reply) => {
      const { businessId } = request.params;
      const staff = await createStaff(downstreams, toCreateStaffRequest(businessId, request.body));
      void reply.code(201).header('location', `/v1/businesses/${businessId}/staff/${staff.id}`);
      return toStaffResponse(staff);
    },
  );

  app.get<{ Params: BusinessParams; Querystring: ListStaffQuery }>(
    '/v1/businesses/:businessId/staff',
    { schema: listStaffSchema, config: { access: MEMBERS } },
    async (request) => {
      const { businessId } = request.params;
      const selection = parseFields(request.query.fields, staffResponse);
      const pager = app.cursors.tokenPager(`staff:${businessId}`);
      const { limit, token } = pager.start(request.query);
      const answer = await listStaff(downstreams, {
        businessId,
        isActive: request.query.is_active,
        serviceId: request.query.service_id ?? '',
        limit,
        cursor: token,
      });
      return selectFields(pager.page(answer.staff.map(toStaffResponse), answer.nextCursor), selection);
    },
  );

  app.get<{ Params: StaffParams }>(
    '/v1/businesses/:businessId/staff/:staffId',
    { schema: getStaffSchema, config: { access: MEMBERS } },
    async (request) => toStaffResponse(await getStaff(downstreams, request.params)),
  );

  app.patch<{ Params: StaffParams; Body: UpdateStaffBody }>(
    '/v1/businesses/:businessId/staff/:staffId',
    { schema: updateStaffSchema, config: { access: MANAGERS } },
    async (request) => {
      const { businessId, staffId } = request.params;
      return toStaffResponse(await updateStaff(downstreams, toUpdateStaffRequest(businessId, staffId, request.body)));
    },
  );

  app.delete<{ Params: StaffParams }>(
    '/v1/businesses/:businessId/staff/:staffId',
    { schema: deleteStaffSchema, config: { access: MANAGERS } },
    async (request, reply) => {
      await deleteStaff(downstreams, request.params);
      return reply.code(204).send();
    },
  );
};

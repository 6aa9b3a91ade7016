import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { deleteCustomer, getCustomer, listCustomers, updateCustomer } from '../../domain/customers.use-cases';
import { MANAGERS, MEMBERS } from './access';
import type { BusinessParams } from './common.schemas';
import { toCustomerResponse, toUpdateCustomerRequest } from './customers.mappers';
import {
  customerResponse,
  deleteCustomerSchema,
  getCustomerSchema,
  listCustomersSchema,
  updateCustomerSchema,
  type CustomerParams,
  type DeleteCustomerQuery,
  type ListCustomersQuery,
  type UpdateCustomerBody,
} from './customers.schemas';
import { parseFields, selectFields } from './field-selection';
import type { RouteDeps } from './route-deps';

/** The user or API key behind a members' route, for the audit trail of an erasure. */
function requesterOf(request: FastifyRequest): string {
  const caller = request.caller;
  return caller.kind === 'user' ? `user:${caller.userId}` : caller.kind === 'api_key' ? `api_key:${caller.apiKeyId}` : '';
}

export const customersRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams }) => {
  app.get<{ Params: BusinessParams; Querystring: ListCustomersQuery }>(
    '/v1/businesses/:businessId/customers',
    { schema: listCustomersSchema, config: { access: MEMBERS } },
    async (request) => {
      const { businessId } = request.params;
      const selection = parseFields(request.query.fields, customerResponse);
      const pager = app.cursors.tokenPager(`customers:${businessId}:${request.query.q ?? ''}`);
      const { limit, token } = pager.start(request.query);
      const answer = await listCustomers(downstreams, { businessId, query: request.query.q ?? '', limit, cursor: token });
      return selectFields(pager.page(answer.customers.map(toCustomerResponse), answer.nextCursor), selection);
    },
  );

  app.get<{ Params: CustomerParams }>(
    '/v1/businesses/:businessId/customers/:customerId',
    { schema: getCustomerSchema, config: { access: MEMBERS } },
    async (request) => toCustomerResponse(await getCustomer(downstreams, request.params)),
  );

  app.patch<{ Params: CustomerParams; Body: UpdateCustomerBody }>(
    '/v1/businesses/:businessId/customers/:customerId',
    { schema: updateCustomerSchema, config: { access: MANAGERS } },
    async (request) => {
      const { businessId, customerId } = request.params;
      return toCustomerResponse(await updateCustomer(downstreams, toUpdateCustomerRequest(businessId, customerId, request.body)));
    },
  );

  app.delete<{ Params: CustomerParams; Querystring: DeleteCustomerQuery }>(
    '/v1/businesses/:businessId/customers/:customerId',
    { schema: deleteCustomerSchema, config: { access: MANAGERS } },
    async (request, reply) => {
      await deleteCustomer(downstreams, { ...request.params, erase: request.query.erase, requestedBy: requesterOf(request) });
      return reply.code(204).send();
    },
  );
};

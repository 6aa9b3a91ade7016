import { requireUuid, unaryService } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { bookingCustomersV1 } from '@omotenashi/proto';
import {
  deleteCustomer,
  eraseCustomer,
  getCustomer,
  listCustomers,
  updateCustomer,
  type CustomerDeps,
} from '../../domain/use-cases/customer.use-cases';
import { customerToResponse } from './customer.mappers';

export const CUSTOMER_SERVICE_NAME = 'omotenashi.booking.v1.CustomerService';

const ids = (request: { businessId: string; customerId: string }) =>
  [requireUuid(request.businessId, '/business_id'), requireUuid(request.customerId, '/customer_id')] as const;

export function customerGrpcService(deps: CustomerDeps, logger: Logger) {
  return {
    name: CUSTOMER_SERVICE_NAME,
    definition: bookingCustomersV1.CustomerServiceService,
    implementation: unaryService<bookingCustomersV1.CustomerServiceServer>(
      CUSTOMER_SERVICE_NAME,
      {
        listCustomers: async (request) => {
          const page = await listCustomers(deps, { ...request, businessId: requireUuid(request.businessId, '/business_id') });
          return { customers: page.customers.map(customerToResponse), nextCursor: page.nextCursor };
        },
        getCustomer: async (request) => ({ customer: customerToResponse(await getCustomer(deps, ...ids(request))) }),
        updateCustomer: async (request) => {
          const { name, nameKana, email, phone, locale, notes, userId } = request;
          const customer = await updateCustomer(deps, ...ids(request), { name, nameKana, email, phone, locale, notes, userId });
          return { customer: customerToResponse(customer) };
        },
        deleteCustomer: async (request) => {
          await deleteCustomer(deps, ...ids(request));
          return {};
        },
        eraseCustomer: async (request) => ({ customer: customerToResponse(await eraseCustomer(deps, ...ids(request), request.requestedBy)) }),
      },
      logger,
    ),
  };
}

import type { bookingCustomersV1 } from '@omotenashi/proto';
import type { Downstreams } from '../downstream/downstreams';
import { present } from './present';

type Deps = Pick<Downstreams, 'customers'>;

export function listCustomers({ customers }: Deps, request: bookingCustomersV1.ListCustomersRequest): Promise<bookingCustomersV1.ListCustomersResponse> {
  return customers.call('listCustomers', request);
}

export async function getCustomer({ customers }: Deps, request: bookingCustomersV1.GetCustomerRequest): Promise<bookingCustomersV1.CustomerProfile> {
  return present((await customers.call('getCustomer', request)).customer, 'booking.GetCustomer customer');
}

export async function updateCustomer(
  { customers }: Deps,
  request: bookingCustomersV1.UpdateCustomerRequest,
): Promise<bookingCustomersV1.CustomerProfile> {
  return present((await customers.call('updateCustomer', request)).customer, 'booking.UpdateCustomer customer');
}

/** Soft delete, or with `erase` the privacy erasure (personal data scrubbed, accounting facts kept). */
export async function deleteCustomer(
  { customers }: Deps,
  request: { businessId: string; customerId: string; erase: boolean; requestedBy: string },
): Promise<void> {
  const { businessId, customerId, requestedBy } = request;
  if (request.erase) await customers.call('eraseCustomer', { businessId, customerId, requestedBy });
  else await customers.call('deleteCustomer', { businessId, customerId });
}

import type { CustomerRepository } from '../../data-access/customer.repository';
import { checkCustomerChanges, checkCustomerListQuery, type Customer, type CustomerUpdateInput } from '../customer';
import { toPage } from '../customer-review-page';
import { CustomerErrors } from '../customer.errors';

export interface CustomerDeps {
  customers: CustomerRepository;
  now?: () => Date;
}

export async function listCustomers(
  { customers }: CustomerDeps,
  request: { businessId: string; query: string; limit: number; cursor: string },
): Promise<{ customers: Customer[]; nextCursor: string }> {
  const query = checkCustomerListQuery(request);
  const page = toPage(await customers.list(query), query.limit);
  return { customers: page.items, nextCursor: page.nextCursor };
}

export async function getCustomer({ customers }: CustomerDeps, businessId: string, customerId: string): Promise<Customer> {
  const customer = await customers.find(businessId, customerId);
  if (!customer) throw CustomerErrors.notFound();
  return customer;
}

export async function updateCustomer({ customers }: CustomerDeps, businessId: string, customerId: string, input: CustomerUpdateInput): Promise<Customer> {
  return customers.update(businessId, customerId, checkCustomerChanges(input));
}

export async function deleteCustomer({ customers }: CustomerDeps, businessId: string, customerId: string): Promise<void> {
  await customers.softDelete(businessId, customerId);
}

/** A privacy request: personal data goes, the accounting facts of the bookings stay. */
export async function eraseCustomer(deps: CustomerDeps, businessId: string, customerId: string, requestedBy: string): Promise<Customer> {
  return deps.customers.erase(businessId, customerId, requestedBy.trim().slice(0, 200), deps.now?.() ?? new Date());
}

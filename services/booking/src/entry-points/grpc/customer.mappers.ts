import type { bookingCustomersV1 } from '@omotenashi/proto';
import type { Customer } from '../../domain/customer';

/** The response allow-list. */
export function customerToResponse(customer: Customer): bookingCustomersV1.CustomerProfile {
  return {
    id: customer.id,
    businessId: customer.businessId,
    userId: customer.userId ?? '',
    email: customer.email,
    name: customer.name,
    nameKana: customer.nameKana ?? '',
    phone: customer.phone ?? '',
    locale: customer.locale,
    notes: customer.notes ?? '',
    visitCount: customer.visitCount,
    createdAt: customer.createdAt.toISOString(),
    updatedAt: customer.updatedAt.toISOString(),
    erasedAt: customer.erasedAt?.toISOString() ?? '',
  };
}

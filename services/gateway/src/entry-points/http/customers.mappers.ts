import type { bookingCustomersV1 } from '@omotenashi/proto';
import type { CustomerJson, UpdateCustomerBody } from './customers.schemas';

const orNull = (value: string) => value || null;
/** JSON null clears (an empty string downstream); absent leaves the field alone. */
const clearable = (value: string | null | undefined) => (value === undefined ? undefined : (value ?? ''));

export function toUpdateCustomerRequest(businessId: string, customerId: string, body: UpdateCustomerBody): bookingCustomersV1.UpdateCustomerRequest {
  return {
    businessId,
    customerId,
    name: body.name,
    nameKana: clearable(body.name_kana),
    email: body.email,
    phone: clearable(body.phone),
    locale: body.locale,
    notes: clearable(body.notes),
    userId: clearable(body.user_id),
  };
}

export function toCustomerResponse(customer: bookingCustomersV1.CustomerProfile): CustomerJson {
  return {
    id: customer.id,
    business_id: customer.businessId,
    user_id: orNull(customer.userId),
    email: customer.email,
    name: customer.name,
    name_kana: orNull(customer.nameKana),
    phone: orNull(customer.phone),
    locale: customer.locale,
    notes: orNull(customer.notes),
    visit_count: customer.visitCount,
    created_at: customer.createdAt,
    updated_at: customer.updatedAt,
  };
}

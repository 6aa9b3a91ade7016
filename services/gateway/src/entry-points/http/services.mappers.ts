import type { catalogV1 } from '@omotenashi/proto';
import { present } from '../../domain/present';
import type { CreateServiceBody, ServiceJson } from './services.schemas';

export function toCreateServiceRequest(businessId: string, body: CreateServiceBody): catalogV1.CreateServiceRequest {
  return {
    businessId,
    nameJa: body.name_ja,
    nameEn: body.name_en,
    category: body.category,
    durationMinutes: body.duration_minutes,
    bufferBeforeMinutes: body.buffer_before_minutes,
    bufferAfterMinutes: body.buffer_after_minutes,
    // An empty currency asks catalog for the business's own.
    price: { amount: body.price_amount, currency: body.currency ?? '' },
    capacity: body.capacity,
    prepayment: body.prepayment,
    depositAmount: body.deposit_amount,
    isActive: body.is_active,
  };
}

export function toServiceResponse(service: catalogV1.Service): ServiceJson {
  const price = present(service.price, 'catalog Service.price');
  return {
    id: service.id,
    business_id: service.businessId,
    name_ja: service.nameJa,
    name_en: service.nameEn,
    category: service.category,
    duration_minutes: service.durationMinutes,
    buffer_before_minutes: service.bufferBeforeMinutes,
    buffer_after_minutes: service.bufferAfterMinutes,
    price_amount: price.amount,
    currency: price.currency,
    capacity: service.capacity,
    prepayment: service.prepayment,
    deposit_amount: service.depositAmount,
    is_active: service.isActive,
    created_at: service.createdAt,
    updated_at: service.updatedAt,
  };
}

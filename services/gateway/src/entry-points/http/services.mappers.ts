import type { catalogV1 } from '@omotenashi/proto';
import { present } from '../../domain/present';
import { localized, type Locale } from './locale';
import type { CreateServiceBody, ServiceJson, UpdateServiceBody } from './services.schemas';

const list = (values: string[] | undefined): catalogV1.StringList | undefined => (values === undefined ? undefined : { values });

export function toCreateServiceRequest(businessId: string, body: CreateServiceBody): catalogV1.CreateServiceRequest {
  return {
    businessId,
    nameJa: body.name_ja,
    nameEn: body.name_en,
    descriptionJa: body.description_ja ?? '',
    descriptionEn: body.description_en ?? '',
    category: body.category,
    durationMinutes: body.duration_minutes,
    bufferBeforeMinutes: body.buffer_before_minutes,
    bufferAfterMinutes: body.buffer_after_minutes,
    // An empty currency asks catalog for the business's own.
    price: { amount: body.price_amount, currency: body.currency ?? '' },
    capacity: body.capacity,
    prepayment: body.prepayment,
    depositAmount: body.deposit_amount,
    resourceKinds: list(body.resource_kinds),
    staffIds: list(body.staff_ids),
    isActive: body.is_active,
  };
}

export function toUpdateServiceRequest(businessId: string, serviceId: string, body: UpdateServiceBody): catalogV1.UpdateServiceRequest {
  return {
    businessId,
    serviceId,
    nameJa: body.name_ja,
    nameEn: body.name_en,
    descriptionJa: body.description_ja,
    descriptionEn: body.description_en,
    category: body.category,
    durationMinutes: body.duration_minutes,
    bufferBeforeMinutes: body.buffer_before_minutes,
    bufferAfterMinutes: body.buffer_after_minutes,
    priceAmount: body.price_amount,
    capacity: body.capacity,
    prepayment: body.prepayment,
    depositAmount: body.deposit_amount,
    isActive: body.is_active,
    resourceKinds: list(body.resource_kinds),
    staffIds: list(body.staff_ids),
  };
}

export function toServiceResponse(service: catalogV1.Service, locale: Locale): ServiceJson {
  const price = present(service.price, 'catalog Service.price');
  return {
    id: service.id,
    business_id: service.businessId,
    name: localized(locale, service.nameJa, service.nameEn),
    name_ja: service.nameJa,
    name_en: service.nameEn,
    description: localized(locale, service.descriptionJa, service.descriptionEn),
    description_ja: service.descriptionJa ?? '',
    description_en: service.descriptionEn ?? '',
    category: service.category,
    duration_minutes: service.durationMinutes,
    buffer_before_minutes: service.bufferBeforeMinutes,
    buffer_after_minutes: service.bufferAfterMinutes,
    price_amount: price.amount,
    currency: price.currency,
    capacity: service.capacity,
    prepayment: service.prepayment,
    deposit_amount: service.depositAmount,
    resource_kinds: service.resourceKinds ?? [],
    staff_ids: service.staffIds ?? [],
    is_active: service.isActive,
    created_at: service.createdAt,
    updated_at: service.updatedAt,
  };
}

import type { catalogV1 } from '@omotenashi/proto';
import { localized, type Locale } from './locale';
import type { CreateResourceBody, ResourceJson, UpdateResourceBody } from './resources.schemas';

export function toCreateResourceRequest(businessId: string, body: CreateResourceBody): catalogV1.CreateResourceRequest {
  return { businessId, kind: body.kind, nameJa: body.name_ja, nameEn: body.name_en, capacity: body.capacity, isActive: body.is_active };
}

export function toUpdateResourceRequest(businessId: string, resourceId: string, body: UpdateResourceBody): catalogV1.UpdateResourceRequest {
  return { businessId, resourceId, kind: body.kind, nameJa: body.name_ja, nameEn: body.name_en, capacity: body.capacity, isActive: body.is_active };
}

export function toResourceResponse(resource: catalogV1.Resource, locale: Locale): ResourceJson {
  return {
    id: resource.id,
    business_id: resource.businessId,
    kind: resource.kind,
    name: localized(locale, resource.nameJa, resource.nameEn),
    name_ja: resource.nameJa,
    name_en: resource.nameEn,
    capacity: resource.capacity,
    is_active: resource.isActive,
    created_at: resource.createdAt,
    updated_at: resource.updatedAt,
  };
}

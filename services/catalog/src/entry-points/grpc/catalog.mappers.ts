import type { catalogV1 } from '@omotenashi/proto';
import type { Business } from '../../domain/business';
import type { Service } from '../../domain/service';

export function businessToResponse(business: Business): catalogV1.Business {
  return {
    id: business.id,
    slug: business.slug,
    displayNameJa: business.displayNameJa,
    displayNameEn: business.displayNameEn,
    category: business.category,
    timezone: business.timezone,
    currency: business.currency,
    policy: { ...business.policy },
    ownerUserId: business.ownerUserId ?? '',
    createdAt: business.createdAt.toISOString(),
    updatedAt: business.updatedAt.toISOString(),
  };
}

export function serviceToResponse(service: Service): catalogV1.Service {
  return {
    id: service.id,
    businessId: service.businessId,
    nameJa: service.nameJa,
    nameEn: service.nameEn,
    category: service.category,
    durationMinutes: service.durationMinutes,
    bufferBeforeMinutes: service.bufferBeforeMinutes,
    bufferAfterMinutes: service.bufferAfterMinutes,
    price: { amount: service.priceAmount, currency: service.currency },
    capacity: service.capacity,
    prepayment: service.prepayment,
    depositAmount: service.depositAmount,
    isActive: service.isActive,
    createdAt: service.createdAt.toISOString(),
    updatedAt: service.updatedAt.toISOString(),
  };
}

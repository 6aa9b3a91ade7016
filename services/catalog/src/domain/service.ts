import { FieldCheck, PREPAYMENT_RULES, rules } from './catalog-rules';

export type Prepayment = (typeof PREPAYMENT_RULES)[number];

export interface NewService {
  businessId: string;
  nameJa: string;
  nameEn: string;
  category: string;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  priceAmount: number;
  currency: string;
  capacity: number;
  prepayment: Prepayment;
  depositAmount: number;
  isActive: boolean;
}

export interface Service extends NewService {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A service's price is in its business's currency; prepayment needs a price to prepay. */
export function normalizeNewService(input: NewService, businessCurrency: string): NewService {
  const service: NewService = {
    ...input,
    nameJa: input.nameJa.trim(),
    nameEn: input.nameEn.trim(),
    category: input.category || 'other',
    currency: (input.currency || businessCurrency).toUpperCase(),
    capacity: input.capacity || 1,
    prepayment: (input.prepayment || 'none') as Prepayment,
  };
  new FieldCheck()
    .require(service.nameJa.length > 0 || service.nameEn.length > 0, '/name_ja', 'a Japanese or English name is required')
    .require(service.nameJa.length <= 200, '/name_ja', 'must be at most 200 characters')
    .require(service.nameEn.length <= 200, '/name_en', 'must be at most 200 characters')
    .require(rules.category(service.category), '/category', 'is not a known category')
    .require(rules.positiveInt(service.durationMinutes) && service.durationMinutes <= 24 * 60, '/duration_minutes', 'must be 1–1440')
    .require(rules.nonNegativeInt(service.bufferBeforeMinutes) && service.bufferBeforeMinutes <= 240, '/buffer_before_minutes', 'must be 0–240')
    .require(rules.nonNegativeInt(service.bufferAfterMinutes) && service.bufferAfterMinutes <= 240, '/buffer_after_minutes', 'must be 0–240')
    .require(rules.nonNegativeInt(service.priceAmount), '/price_amount', 'must be a non-negative integer in minor units')
    .require(service.currency === businessCurrency, '/currency', `must be the business's currency (${businessCurrency})`)
    .require(rules.positiveInt(service.capacity) && service.capacity <= 1000, '/capacity', 'must be 1–1000')
    .require((PREPAYMENT_RULES as readonly string[]).includes(service.prepayment), '/prepayment', 'must be none, deposit or full')
    .require(rules.nonNegativeInt(service.depositAmount), '/deposit_amount', 'must be a non-negative integer')
    .require(
      service.prepayment !== 'deposit' || (service.depositAmount > 0 && service.depositAmount <= service.priceAmount),
      '/deposit_amount',
      'a deposit must be more than 0 and at most the price',
    )
    .require(service.prepayment !== 'full' || service.priceAmount > 0, '/price_amount', 'full prepayment needs a price above 0')
    .throwIfAny();
  return service;
}

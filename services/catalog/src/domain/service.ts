import { changedFields, definedOnly, FieldCheck, PREPAYMENT_RULES, rules } from './catalog-rules';

export type Prepayment = (typeof PREPAYMENT_RULES)[number];

export interface NewService {
  businessId: string;
  nameJa: string;
  nameEn: string;
  descriptionJa: string;
  descriptionEn: string;
  category: string;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  /** Tax-inclusive, in minor units of `currency` (JPY has none). */
  priceAmount: number;
  currency: string;
  /** 1 = one-to-one; more = a class or a table with seats. */
  capacity: number;
  prepayment: Prepayment;
  depositAmount: number;
  /** Kinds of resource a booking needs one of each (`chair`, `room`). */
  resourceKinds: string[];
  /** Staff who perform it; empty when no one in particular is needed. */
  staffIds: string[];
  isActive: boolean;
}

export interface Service extends NewService {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

export type ServicePatch = Partial<Omit<NewService, 'businessId' | 'currency'>>;

const PATCHABLE: Array<keyof ServicePatch> = [
  'nameJa', 'nameEn', 'descriptionJa', 'descriptionEn', 'category', 'durationMinutes', 'bufferBeforeMinutes', 'bufferAfterMinutes',
  'priceAmount', 'capacity', 'prepayment', 'depositAmount', 'resourceKinds', 'staffIds', 'isActive',
];

/** A service's price is in its business's currency; prepayment needs a price to prepay. */
export function normalizeNewService(input: NewService, businessCurrency: string): NewService {
  return checkService(
    tidy({
      ...input,
      category: input.category || 'other',
      currency: (input.currency || businessCurrency).toUpperCase(),
      capacity: input.capacity || 1,
      prepayment: (input.prepayment || 'none') as Prepayment,
    }),
    businessCurrency,
  );
}

export function applyServicePatch(current: Service, patch: ServicePatch, businessCurrency: string): { service: NewService; changed: string[] } {
  const service = checkService(tidy({ ...current, ...definedOnly(patch) }), businessCurrency);
  return { service, changed: changedFields(current, service, PATCHABLE) };
}

function tidy(service: NewService): NewService {
  return {
    ...service,
    nameJa: service.nameJa.trim(),
    nameEn: service.nameEn.trim(),
    descriptionJa: service.descriptionJa.trim(),
    descriptionEn: service.descriptionEn.trim(),
    resourceKinds: [...new Set(service.resourceKinds.map((kind) => kind.trim()))],
    staffIds: [...new Set(service.staffIds.map((id) => id.toLowerCase()))],
  };
}

function checkService(service: NewService, businessCurrency: string): NewService {
  const check = new FieldCheck()
    .require(service.nameJa.length > 0 || service.nameEn.length > 0, '/name_ja', 'a Japanese or English name is required')
    .require(rules.maxLength(service.nameJa, 200), '/name_ja', 'must be at most 200 characters')
    .require(rules.maxLength(service.nameEn, 200), '/name_en', 'must be at most 200 characters')
    .require(rules.maxLength(service.descriptionJa, 5000), '/description_ja', 'must be at most 5000 characters')
    .require(rules.maxLength(service.descriptionEn, 5000), '/description_en', 'must be at most 5000 characters')
    .require(rules.category(service.category), '/category', 'is not a known category')
    .require(rules.positiveInt(service.durationMinutes) && service.durationMinutes <= 24 * 60, '/duration_minutes', 'must be 1–1440')
    .require(rules.nonNegativeInt(service.bufferBeforeMinutes) && service.bufferBeforeMinutes <= 240, '/buffer_before_minutes', 'must be 0–240')
    .require(rules.nonNegativeInt(service.bufferAfterMinutes) && service.bufferAfterMinutes <= 240, '/buffer_after_minutes', 'must be 0–240')
    .require(rules.nonNegativeInt(service.priceAmount), '/price_amount', 'must be a non-negative integer in minor units')
    .require(service.currency === businessCurrency, '/currency', `must be the business's currency (${businessCurrency})`)
    .require(rules.positiveInt(service.capacity) && service.capacity <= 1000, '/capacity', 'must be 1–1000')
    .require(rules.oneOf(PREPAYMENT_RULES, service.prepayment), '/prepayment', 'must be none, deposit or full')
    .require(rules.nonNegativeInt(service.depositAmount), '/deposit_amount', 'must be a non-negative integer')
    .require(
      service.prepayment !== 'deposit' || (service.depositAmount > 0 && service.depositAmount <= service.priceAmount),
      '/deposit_amount',
      'a deposit must be more than 0 and at most the price',
    )
    .require(service.prepayment !== 'full' || service.priceAmount > 0, '/price_amount', 'full prepayment needs a price above 0')
    .require(service.resourceKinds.length <= 10, '/resource_kinds', 'must have at most 10 kinds')
    .require(service.staffIds.length <= 500, '/staff_ids', 'must have at most 500 ids');
  service.resourceKinds.forEach((kind, i) => check.require(rules.kind(kind), `/resource_kinds/${i}`, 'must be a kind such as chair or private_room'));
  service.staffIds.forEach((id, i) => check.require(rules.uuid(id), `/staff_ids/${i}`, 'must be a UUID'));
  check.throwIfAny();
  return service;
}

import { changedFields, definedOnly, FieldCheck, rules } from './catalog-rules';

/** A room, chair, seat or piece of equipment a booking occupies. */
export interface NewResource {
  businessId: string;
  kind: string;
  nameJa: string;
  nameEn: string;
  capacity: number;
  isActive: boolean;
}

export interface Resource extends NewResource {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

export type ResourcePatch = Partial<Omit<NewResource, 'businessId'>>;

export function normalizeNewResource(input: NewResource): NewResource {
  return checkResource(tidy({ ...input, capacity: input.capacity || 1 }));
}

export function applyResourcePatch(current: Resource, patch: ResourcePatch): { resource: NewResource; changed: string[] } {
  const resource = checkResource(tidy({ ...current, ...definedOnly(patch) }));
  return { resource, changed: changedFields(current, resource, ['kind', 'nameJa', 'nameEn', 'capacity', 'isActive']) };
}

function tidy(resource: NewResource): NewResource {
  return { ...resource, kind: resource.kind.trim(), nameJa: resource.nameJa.trim(), nameEn: resource.nameEn.trim() };
}

function checkResource(resource: NewResource): NewResource {
  new FieldCheck()
    .require(rules.kind(resource.kind), '/kind', 'must be a kind such as chair or private_room (lower-case letters, digits, _ and -)')
    .require(resource.nameJa.length > 0 || resource.nameEn.length > 0, '/name_ja', 'a Japanese or English name is required')
    .require(rules.maxLength(resource.nameJa, 200), '/name_ja', 'must be at most 200 characters')
    .require(rules.maxLength(resource.nameEn, 200), '/name_en', 'must be at most 200 characters')
    .require(rules.positiveInt(resource.capacity) && resource.capacity <= 1000, '/capacity', 'must be 1–1000')
    .throwIfAny();
  return resource;
}

import { businessParams, dateTime, noQuery, text, uuid, withProblems } from './common.schemas';
import { listQuerySchema, pageSchema } from './pagination';
import { resourceKind } from './services.schemas';

const resourceFields = {
  kind: resourceKind,
  name_ja: text(200),
  name_en: text(200),
  capacity: { type: 'integer', minimum: 1, maximum: 1_000, description: 'Seats or people it holds at once' },
  is_active: { type: 'boolean' },
} as const;

export const createResourceBody = {
  $id: 'CreateResourceBody',
  title: 'CreateResourceBody',
  description: 'A room, chair, seat or piece of equipment a booking occupies',
  type: 'object',
  properties: { ...resourceFields, capacity: { ...resourceFields.capacity, default: 1 }, is_active: { type: 'boolean', default: true } },
  required: ['kind', 'name_ja', 'name_en'],
  additionalProperties: false,
} as const;

export interface CreateResourceBody {
  kind: string;
  name_ja: string;
  name_en: string;
  capacity: number;
  is_active: boolean;
}

export const updateResourceBody = {
  $id: 'UpdateResourceBody',
  title: 'UpdateResourceBody',
  type: 'object',
  properties: resourceFields,
  minProperties: 1,
  additionalProperties: false,
} as const;

export type UpdateResourceBody = Partial<CreateResourceBody>;

export const resourceResponse = {
  $id: 'Resource',
  title: 'Resource',
  type: 'object',
  properties: {
    id: uuid,
    business_id: uuid,
    kind: { type: 'string' },
    name: { type: 'string', description: 'name_ja or name_en, as Accept-Language asks (ja by default)' },
    name_ja: { type: 'string' },
    name_en: { type: 'string' },
    capacity: { type: 'integer' },
    is_active: { type: 'boolean' },
    created_at: dateTime,
    updated_at: dateTime,
  },
  required: ['id', 'business_id', 'kind', 'name', 'name_ja', 'name_en', 'capacity', 'is_active'],
  additionalProperties: false,
} as const;

export interface ResourceJson {
  id: string;
  business_id: string;
  kind: string;
  name: string;
  name_ja: string;
  name_en: string;
  capacity: number;
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export const resourceParams = {
  $id: 'ResourceParams',
  title: 'ResourceParams',
  type: 'object',
  properties: { businessId: uuid, resourceId: uuid },
  required: ['businessId', 'resourceId'],
  additionalProperties: false,
} as const;

export interface ResourceParams {
  businessId: string;
  resourceId: string;
}

export const listResourcesQuery = listQuerySchema('ListResourcesQuery', { kind: resourceKind, is_active: { type: 'boolean' } });

export interface ListResourcesQuery {
  kind?: string;
  is_active?: boolean;
  limit?: number;
  cursor?: string;
  fields?: string;
}

export const createResourceSchema = { params: businessParams, querystring: noQuery, body: createResourceBody, response: withProblems({ 201: resourceResponse }) };
export const getResourceSchema = { params: resourceParams, querystring: noQuery, response: withProblems({ 200: resourceResponse }) };
export const listResourcesSchema = {
  params: businessParams,
  querystring: listResourcesQuery,
  response: withProblems({ 200: pageSchema('ResourcePage', resourceResponse) }),
};
export const updateResourceSchema = { params: resourceParams, querystring: noQuery, body: updateResourceBody, response: withProblems({ 200: resourceResponse }) };
export const deleteResourceSchema = { params: resourceParams, querystring: noQuery, response: withProblems({ 204: { type: 'null', description: 'Deleted' } }) };

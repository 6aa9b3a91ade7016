import { businessParams, dateTime, noQuery, text, uuid, withProblems } from './common.schemas';

const nullableDateTime = { ...dateTime, type: ['string', 'null'] } as const;

const apiKeyProperties = {
  id: uuid,
  business_id: uuid,
  name: { type: 'string' },
  prefix: { type: 'string', description: 'The first characters of the key, to tell keys apart' },
  created_by: uuid,
  created_at: dateTime,
  last_used_at: nullableDateTime,
  revoked_at: nullableDateTime,
} as const;
const apiKeyRequired = ['id', 'business_id', 'name', 'prefix', 'created_by', 'created_at', 'last_used_at', 'revoked_at'] as const;

export const apiKeyResponse = {
  $id: 'ApiKey',
  title: 'ApiKey',
  type: 'object',
  properties: apiKeyProperties,
  required: apiKeyRequired,
  additionalProperties: false,
} as const;

export interface ApiKeyJson {
  id: string;
  business_id: string;
  name: string;
  prefix: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export const createdApiKeyResponse = {
  $id: 'CreatedApiKey',
  title: 'CreatedApiKey',
  description: 'The key itself is shown here once and never again',
  type: 'object',
  properties: { ...apiKeyProperties, key: { type: 'string', description: 'omk_…: send as Authorization: Bearer <key>' } },
  required: [...apiKeyRequired, 'key'],
  additionalProperties: false,
} as const;

export const createApiKeyBody = {
  $id: 'CreateApiKeyBody',
  title: 'CreateApiKeyBody',
  type: 'object',
  properties: { name: text(100) },
  required: ['name'],
  additionalProperties: false,
} as const;

export interface CreateApiKeyBody {
  name: string;
}

export const apiKeyParams = {
  $id: 'ApiKeyParams',
  title: 'ApiKeyParams',
  type: 'object',
  properties: { businessId: uuid, keyId: uuid },
  required: ['businessId', 'keyId'],
  additionalProperties: false,
} as const;

export interface ApiKeyParams {
  businessId: string;
  keyId: string;
}

const apiKeyList = {
  $id: 'ApiKeyList',
  title: 'ApiKeyList',
  type: 'object',
  properties: { data: { type: 'array', items: apiKeyResponse }, next_cursor: { type: 'null' } },
  required: ['data', 'next_cursor'],
  additionalProperties: false,
} as const;

export const listApiKeysSchema = { params: businessParams, querystring: noQuery, response: withProblems({ 200: apiKeyList }) };
export const createApiKeySchema = {
  params: businessParams,
  querystring: noQuery,
  body: createApiKeyBody,
  response: withProblems({ 201: createdApiKeyResponse }),
};
export const revokeApiKeySchema = {
  params: apiKeyParams,
  querystring: noQuery,
  response: withProblems({ 204: { type: 'null', description: 'Revoked (also when it already was)' } }),
};

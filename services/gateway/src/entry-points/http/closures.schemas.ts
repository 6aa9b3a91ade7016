import { businessParams, date, dateTime, noQuery, uuid, withProblems } from './common.schemas';
import { clockTime, closingTime } from './hours.schemas';

export const createClosureBody = {
  $id: 'CreateClosureBody',
  title: 'CreateClosureBody',
  description: 'A closure (no opens/closes) or a special day with its own hours (both), over an inclusive date range',
  type: 'object',
  properties: {
    from: date,
    to: date,
    reason: { type: 'string', maxLength: 500 },
    opens: clockTime,
    closes: closingTime,
  },
  required: ['from', 'to'],
  additionalProperties: false,
} as const;

export interface CreateClosureBody {
  from: string;
  to: string;
  reason?: string;
  opens?: string;
  closes?: string;
}

export const closureResponse = {
  $id: 'Closure',
  title: 'Closure',
  type: 'object',
  properties: {
    id: uuid,
    business_id: uuid,
    from: date,
    to: date,
    reason: { type: 'string' },
    closed: { type: 'boolean', description: 'True: closed all day; false: open with these special hours' },
    opens: { type: ['string', 'null'] },
    closes: { type: ['string', 'null'] },
    created_at: dateTime,
  },
  required: ['id', 'business_id', 'from', 'to', 'reason', 'closed', 'opens', 'closes'],
  additionalProperties: false,
} as const;

export interface ClosureJson {
  id: string;
  business_id: string;
  from: string;
  to: string;
  reason: string;
  closed: boolean;
  opens: string | null;
  closes: string | null;
  created_at: string;
}

export const listClosuresQuery = {
  $id: 'ListClosuresQuery',
  title: 'ListClosuresQuery',
  type: 'object',
  properties: { from: { ...date, description: 'Closures ending on or after this date' }, to: { ...date, description: 'Closures starting on or before this date' } },
  additionalProperties: false,
} as const;

export interface ListClosuresQuery {
  from?: string;
  to?: string;
}

export const closureParams = {
  $id: 'ClosureParams',
  title: 'ClosureParams',
  type: 'object',
  properties: { businessId: uuid, closureId: uuid },
  required: ['businessId', 'closureId'],
  additionalProperties: false,
} as const;

export interface ClosureParams {
  businessId: string;
  closureId: string;
}

const { $id: _closureId, ...closureItem } = closureResponse;

const closureList = {
  $id: 'ClosureList',
  title: 'ClosureList',
  type: 'object',
  properties: { data: { type: 'array', items: closureItem }, next_cursor: { type: 'null' } },
  required: ['data', 'next_cursor'],
  additionalProperties: false,
} as const;

export const listClosuresSchema = { params: businessParams, querystring: listClosuresQuery, response: withProblems({ 200: closureList }) };
export const createClosureSchema = { params: businessParams, querystring: noQuery, body: createClosureBody, response: withProblems({ 201: closureResponse }) };
export const deleteClosureSchema = { params: closureParams, querystring: noQuery, response: withProblems({ 204: { type: 'null', description: 'Deleted' } }) };

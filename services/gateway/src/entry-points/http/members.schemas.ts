import { businessParams, dateTime, noQuery, uuid, withProblems } from './common.schemas';
import { ROLES } from './me.schemas';

const role = { type: 'string', enum: ROLES } as const;

export const memberResponse = {
  $id: 'Member',
  title: 'Member',
  type: 'object',
  properties: { user_id: uuid, email: { type: 'string' }, display_name: { type: 'string' }, role, created_at: dateTime },
  required: ['user_id', 'email', 'display_name', 'role', 'created_at'],
  additionalProperties: false,
} as const;

export interface MemberJson {
  user_id: string;
  email: string;
  display_name: string;
  role: (typeof ROLES)[number];
  created_at: string;
}

const memberList = {
  $id: 'MemberList',
  title: 'MemberList',
  description: 'Every member of the business (a business has few); next_cursor is always null',
  type: 'object',
  properties: { data: { type: 'array', items: memberResponse }, next_cursor: { type: 'null' } },
  required: ['data', 'next_cursor'],
  additionalProperties: false,
} as const;

export const addMemberBody = {
  $id: 'AddMemberBody',
  title: 'AddMemberBody',
  description: 'Adds a person who already has an account. Owners add any role; managers add staff.',
  type: 'object',
  properties: { email: { type: 'string', format: 'email', maxLength: 254 }, role },
  required: ['email', 'role'],
  additionalProperties: false,
} as const;

export interface AddMemberBody {
  email: string;
  role: (typeof ROLES)[number];
}

export const changeMemberBody = {
  $id: 'ChangeMemberBody',
  title: 'ChangeMemberBody',
  type: 'object',
  properties: { role },
  required: ['role'],
  additionalProperties: false,
} as const;

export interface ChangeMemberBody {
  role: (typeof ROLES)[number];
}

export const memberParams = {
  $id: 'MemberParams',
  title: 'MemberParams',
  type: 'object',
  properties: { businessId: uuid, userId: uuid },
  required: ['businessId', 'userId'],
  additionalProperties: false,
} as const;

export interface MemberParams {
  businessId: string;
  userId: string;
}

export const listMembersSchema = { params: businessParams, querystring: noQuery, response: withProblems({ 200: memberList }) };
export const addMemberSchema = { params: businessParams, querystring: noQuery, body: addMemberBody, response: withProblems({ 201: memberResponse }) };
export const changeMemberSchema = {
  params: memberParams,
  querystring: noQuery,
  body: changeMemberBody,
  response: withProblems({ 200: memberResponse }),
};
export const removeMemberSchema = {
  params: memberParams,
  querystring: noQuery,
  response: withProblems({ 204: { type: 'null', description: 'Removed' } }),
};

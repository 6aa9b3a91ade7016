import { userResponse } from './auth.schemas';
import { dateTime, noQuery, uuid, withProblems } from './common.schemas';

export const ROLES = ['owner', 'manager', 'staff'] as const;

export const membershipResponse = {
  $id: 'Membership',
  title: 'Membership',
  type: 'object',
  properties: { business_id: uuid, role: { type: 'string', enum: ROLES }, created_at: dateTime },
  required: ['business_id', 'role', 'created_at'],
  additionalProperties: false,
} as const;

export interface MembershipJson {
  business_id: string;
  role: (typeof ROLES)[number];
  created_at: string;
}

export const meResponse = {
  $id: 'Me',
  title: 'Me',
  type: 'object',
  properties: { user: userResponse, memberships: { type: 'array', items: membershipResponse } },
  required: ['user', 'memberships'],
  additionalProperties: false,
} as const;

export const meSchema = { querystring: noQuery, response: withProblems({ 200: meResponse }) };

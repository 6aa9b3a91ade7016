import { businessParams, dateTime, noQuery, uuid, withProblems } from './common.schemas';
import { weeklySchema, type WeeklyIntervalJson } from './hours.schemas';
import { listQuerySchema, pageSchema } from './pagination';

const ROLES = ['owner', 'manager', 'staff'] as const;

const timeOffSchema = {
  title: 'TimeOff',
  type: 'object',
  properties: {
    starts_at: { type: 'string', format: 'date-time', description: 'RFC 3339 with offset' },
    ends_at: { type: 'string', format: 'date-time', description: 'RFC 3339 with offset' },
    reason: { type: 'string', maxLength: 500 },
  },
  required: ['starts_at', 'ends_at'],
  additionalProperties: false,
} as const;

const scheduleSchema = {
  title: 'StaffSchedule',
  description: "The person's own week; empty weekly means they work the business's hours",
  type: 'object',
  properties: { weekly: weeklySchema },
  required: ['weekly'],
  additionalProperties: false,
} as const;

const staffFields = {
  user_id: { anyOf: [uuid, { type: 'null' }], description: 'The account in identity, when the person has one' },
  email: { type: 'string', format: 'email', maxLength: 254 },
  display_name: { type: 'string', minLength: 1, maxLength: 200 },
  role: { type: 'string', enum: ROLES },
  is_active: { type: 'boolean' },
  service_ids: { type: 'array', maxItems: 500, uniqueItems: true, items: uuid, description: 'Services this person performs' },
  schedule: scheduleSchema,
  time_off: { type: 'array', maxItems: 200, items: timeOffSchema },
} as const;

export const createStaffBody = {
  $id: 'CreateStaffBody',
  title: 'CreateStaffBody',
  type: 'object',
  properties: { ...staffFields, role: { ...staffFields.role, default: 'staff' }, is_active: { type: 'boolean', default: true } },
  required: ['email', 'display_name'],
  additionalProperties: false,
} as const;

export interface TimeOffJson {
  starts_at: string;
  ends_at: string;
  reason?: string;
}

export interface CreateStaffBody {
  user_id?: string | null;
  email: string;
  display_name: string;
  role: (typeof ROLES)[number];
  is_active: boolean;
  service_ids?: string[];
  schedule?: { weekly: WeeklyIntervalJson[] };
  time_off?: TimeOffJson[];
}

export const updateStaffBody = {
  $id: 'UpdateStaffBody',
  title: 'UpdateStaffBody',
  description: 'Only the fields sent change; service_ids, schedule and time_off are replaced whole',
  type: 'object',
  properties: staffFields,
  minProperties: 1,
  additionalProperties: false,
} as const;

export type UpdateStaffBody = Partial<CreateStaffBody>;

export const staffResponse = {
  $id: 'Staff',
  title: 'Staff',
  type: 'object',
  properties: {
    id: uuid,
    business_id: uuid,
    user_id: { type: ['string', 'null'] },
    email: { type: 'string' },
    display_name: { type: 'string' },
    role: { type: 'string', enum: ROLES },
    is_active: { type: 'boolean' },
    service_ids: { type: 'array', items: uuid },
    schedule: scheduleSchema,
    time_off: { type: 'array', items: { ...timeOffSchema, required: ['starts_at', 'ends_at', 'reason'] } },
    created_at: dateTime,
    updated_at: dateTime,
  },
  required: ['id', 'business_id', 'user_id', 'email', 'display_name', 'role', 'is_active', 'service_ids', 'schedule', 'time_off'],
  additionalProperties: false,
} as const;

export interface StaffJson {
  id: string;
  business_id: string;
  user_id: string | null;
  email: string;
  display_name: string;
  role: string;
  is_active: boolean;
  service_ids: string[];
  schedule: { weekly: WeeklyIntervalJson[] };
  time_off: Required<TimeOffJson>[];
  created_at: string;
  updated_at: string;
}

export const staffParams = {
  $id: 'StaffParams',
  title: 'StaffParams',
  type: 'object',
  properties: { businessId: uuid, staffId: uuid },
  required: ['businessId', 'staffId'],
  additionalProperties: false,
} as const;

export interface StaffParams {
  businessId: string;
  staffId: string;
}

export const listStaffQuery = listQuerySchema('ListStaffQuery', {
  is_active: { type: 'boolean' },
  service_id: { ...uuid, description: 'Only those who perform this service' },
});

export interface ListStaffQuery {
  is_active?: boolean;
  service_id?: string;
  limit?: number;
  cursor?: string;
  fields?: string;
}

export const createStaffSchema = { params: businessParams, querystring: noQuery, body: createStaffBody, response: withProblems({ 201: staffResponse }) };
export const getStaffSchema = { params: staffParams, querystring: noQuery, response: withProblems({ 200: staffResponse }) };
export const listStaffSchema = { params: businessParams, querystring: listStaffQuery, response: withProblems({ 200: pageSchema('StaffPage', staffResponse) }) };
export const updateStaffSchema = { params: staffParams, querystring: noQuery, body: updateStaffBody, response: withProblems({ 200: staffResponse }) };
export const deleteStaffSchema = { params: staffParams, querystring: noQuery, response: withProblems({ 204: { type: 'null', description: 'Assignment ended' } }) };

import { businessParams, date, dateTime, uuid, withProblems } from './common.schemas';

export const MAX_AVAILABILITY_DAYS = 31;

export const availabilityQuery = {
  $id: 'AvailabilityQuery',
  title: 'AvailabilityQuery',
  type: 'object',
  properties: {
    service_id: { ...uuid, description: 'The service to book' },
    date: { ...date, description: 'First day, YYYY-MM-DD in the business time zone' },
    days: { type: 'integer', minimum: 1, maximum: MAX_AVAILABILITY_DAYS, default: 1, description: 'How many days from date' },
    staff_id: { ...uuid, description: 'Only slots this person can take (one of the service staff)' },
    party_size: { type: 'integer', minimum: 1, maximum: 1_000, default: 1, description: 'Seats needed (classes, tables)' },
  },
  required: ['service_id', 'date'],
  additionalProperties: false,
} as const;

export interface AvailabilityQuery {
  service_id: string;
  date: string;
  days: number;
  staff_id?: string;
  party_size: number;
}

const slotSchema = {
  title: 'AvailableSlot',
  type: 'object',
  properties: {
    starts_at: { ...dateTime, description: 'RFC 3339 with the business offset' },
    ends_at: { ...dateTime, description: 'starts_at + duration (buffers excluded)' },
    staff_ids: { type: 'array', items: uuid, description: 'Staff free for the whole slot' },
    resource_ids: { type: 'array', items: uuid, description: 'Free resources of the kinds the service needs' },
    remaining: { type: 'integer', minimum: 0, description: 'Classes: seats left; one-to-one: how many more bookings fit at this start' },
  },
  required: ['starts_at', 'ends_at', 'staff_ids', 'resource_ids', 'remaining'],
  additionalProperties: false,
} as const;

export const availabilityResponse = {
  $id: 'Availability',
  title: 'Availability',
  type: 'object',
  properties: { slots: { type: 'array', items: slotSchema, description: 'Sorted by start' } },
  required: ['slots'],
  additionalProperties: false,
} as const;

export interface SlotJson {
  starts_at: string;
  ends_at: string;
  staff_ids: string[];
  resource_ids: string[];
  remaining: number;
}

export const getAvailabilitySchema = {
  params: businessParams,
  querystring: availabilityQuery,
  response: withProblems({ 200: availabilityResponse }),
};

import { businessParams, noQuery, withProblems } from './common.schemas';

/** `HH:MM`; a closing time may be `24:00` (midnight at the end of the day). */
export const clockTime = { type: 'string', pattern: '^(?:[01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM' } as const;
export const closingTime = { type: 'string', pattern: '^(?:(?:[01]\\d|2[0-3]):[0-5]\\d|24:00)$', description: 'HH:MM, or 24:00' } as const;

export const weeklyIntervalSchema = {
  title: 'WeeklyInterval',
  type: 'object',
  properties: {
    weekday: { type: 'integer', minimum: 1, maximum: 7, description: 'ISO weekday: 1 = Monday … 7 = Sunday' },
    opens: clockTime,
    closes: closingTime,
  },
  required: ['weekday', 'opens', 'closes'],
  additionalProperties: false,
} as const;

export interface WeeklyIntervalJson {
  weekday: number;
  opens: string;
  closes: string;
}

/** Several intervals a day make a lunch break; none on a weekday means closed that day. */
export const weeklySchema = { type: 'array', maxItems: 56, items: weeklyIntervalSchema } as const;

export const hoursBody = {
  $id: 'BusinessHoursBody',
  title: 'BusinessHoursBody',
  description: 'Replaces the weekly hours and the national-holiday rule whole',
  type: 'object',
  properties: {
    weekly: weeklySchema,
    closed_on_national_holidays: { type: 'boolean', default: false, description: 'Closed on Japanese national holidays (祝日)' },
  },
  required: ['weekly'],
  additionalProperties: false,
} as const;

export interface HoursJson {
  weekly: WeeklyIntervalJson[];
  closed_on_national_holidays: boolean;
}

export const hoursResponse = {
  $id: 'BusinessHours',
  title: 'BusinessHours',
  type: 'object',
  properties: hoursBody.properties,
  required: ['weekly', 'closed_on_national_holidays'],
  additionalProperties: false,
} as const;

export const getHoursSchema = { params: businessParams, querystring: noQuery, response: withProblems({ 200: hoursResponse }) };
export const putHoursSchema = { params: businessParams, querystring: noQuery, body: hoursBody, response: withProblems({ 200: hoursResponse }) };

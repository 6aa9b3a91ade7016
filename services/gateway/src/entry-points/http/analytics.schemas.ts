import { amount, businessParams, date, withProblems } from './common.schemas';

export const dailyStatsQuery = {
  $id: 'DailyStatsQuery',
  title: 'DailyStatsQuery',
  type: 'object',
  properties: { from: date, to: date },
  required: ['from', 'to'],
  additionalProperties: false,
} as const;

export interface DailyStatsQuery {
  from: string;
  to: string;
}

export const dailyStatsResponse = {
  $id: 'DailyStatsList',
  title: 'DailyStatsList',
  type: 'object',
  properties: {
    data: {
      type: 'array',
      items: {
        title: 'DailyStat',
        type: 'object',
        properties: {
          date,
          bookings_created: { type: 'integer', minimum: 0 },
          revenue_amount: amount,
          currency: { type: 'string' },
        },
        required: ['date', 'bookings_created', 'revenue_amount', 'currency'],
        additionalProperties: false,
      },
    },
  },
  required: ['data'],
  additionalProperties: false,
} as const;

export interface DailyStatJson {
  date: string;
  bookings_created: number;
  revenue_amount: number;
  currency: string;
}

export const dailyStatsSchema = {
  params: businessParams,
  querystring: dailyStatsQuery,
  response: withProblems({ 200: dailyStatsResponse }),
};

import type { analyticsV1 } from '@omotenashi/proto';
import type { DailyStatJson, DailyStatsQuery } from './analytics.schemas';

export function toDailyStatsRequest(businessId: string, query: DailyStatsQuery): analyticsV1.GetDailyStatsRequest {
  return { businessId, from: query.from, to: query.to };
}

export function toDailyStatsResponse(days: analyticsV1.DailyStat[]): { data: DailyStatJson[] } {
  return {
    data: days.map((day) => ({
      date: day.date,
      bookings_created: day.bookingsCreated,
      revenue_amount: day.revenueAmount,
      currency: day.currency,
    })),
  };
}

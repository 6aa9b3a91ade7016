import type { EventStatement } from '@omotenashi/events';
import type { DataSource } from 'typeorm';

export interface DailyStat {
  date: string;
  bookingsCreated: number;
  revenueAmount: number;
  currency: string;
}

/**
 * One more booking on a business's day, as the consumer's statement (libraries/events EventStatement):
 * it counts only when the event is new (`first_time`), in the same statement that records it processed.
 */
export function countBookingCreated(businessId: string, date: string, amount: number, currency: string): EventStatement {
  return {
    sql: `INSERT INTO analytics_daily (business_id, date, currency, bookings_created, revenue_amount)
          SELECT $3::uuid, $4::date, $5::char(3), 1, $6::bigint WHERE EXISTS (SELECT 1 FROM first_time)
          ON CONFLICT (business_id, date, currency)
          DO UPDATE SET bookings_created = analytics_daily.bookings_created + 1,
                        revenue_amount = analytics_daily.revenue_amount + EXCLUDED.revenue_amount,
                        updated_at = now()`,
    params: [businessId, date, currency, amount],
  };
}

export class DailyStatsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async range(businessId: string, from: string, to: string): Promise<DailyStat[]> {
    const rows: { date: string; bookings_created: number; revenue_amount: string; currency: string }[] = await this.dataSource.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, bookings_created, revenue_amount, currency
       FROM analytics_daily WHERE business_id = $1 AND date BETWEEN $2 AND $3 ORDER BY date, currency`,
      [businessId, from, to],
    );
    return rows.map((row) => ({
      date: row.date,
      bookingsCreated: row.bookings_created,
      revenueAmount: Number(row.revenue_amount),
      currency: row.currency.trim(),
    }));
  }
}

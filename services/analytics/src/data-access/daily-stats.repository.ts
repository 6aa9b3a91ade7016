import type { DataSource, EntityManager } from 'typeorm';

export interface DailyStat {
  date: string;
  bookingsCreated: number;
  revenueAmount: number;
  currency: string;
}

export class DailyStatsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Called inside the consumer's transaction, so the count and the processed-event mark commit together. */
  async countBookingCreated(manager: EntityManager, businessId: string, date: string, amount: number, currency: string): Promise<void> {
    await manager.query(
      `INSERT INTO analytics_daily (business_id, date, currency, bookings_created, revenue_amount)
       VALUES ($1, $2, $3, 1, $4)
       ON CONFLICT (business_id, date, currency)
       DO UPDATE SET bookings_created = analytics_daily.bookings_created + 1,
                     revenue_amount = analytics_daily.revenue_amount + EXCLUDED.revenue_amount,
                     updated_at = now()`,
      [businessId, date, currency, amount],
    );
  }

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

import { writeOutbox } from '@omotenashi/events';
import { reviewEventsV1 } from '@omotenashi/proto';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { NewReview, Review, ReviewAuthor, ReviewChanges, ReviewedBooking, ReviewListQuery } from '../domain/review';
import { ReviewErrors } from '../domain/review.errors';
import { REVIEW_COLUMNS, toReview, type ReviewRow } from './review.rows';

const UNIQUE_VIOLATION = '23505';

function selection(query: Pick<ReviewListQuery, 'businessId' | 'visibleOnly'>, values: unknown[]): string[] {
  values.push(query.businessId);
  return ['r.business_id = $1', 'r.deleted_at IS NULL', ...(query.visibleOnly ? ['r.is_visible'] : [])];
}

/**
 * One page of a business's reviews, newest first. business_id (+ is_visible) go to idx_reviews_business
 * (the seed's index). Exported so a test can EXPLAIN exactly what runs.
 */
export function listReviewsQuery(query: ReviewListQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const where = selection(query, values);
  const param = (value: unknown) => `$${values.push(value)}`;
  if (query.after) where.push(`(r.created_at, r.id) < (${param(query.after.createdAt)}::timestamptz, ${param(query.after.id)}::uuid)`);
  const limit = param(query.limit + 1);
  return { text: `SELECT ${REVIEW_COLUMNS} FROM reviews r WHERE ${where.join(' AND ')} ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit}`, values };
}

/** Reviews of one business; every statement is filtered by business_id. */
export class ReviewRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The booking with what proves who may review it: the guest token's hash and the customer's user. */
  async reviewedBooking(businessId: string, bookingId: string): Promise<ReviewedBooking | undefined> {
    const rows: {
      id: string;
      business_id: string;
      service_id: string;
      customer_id: string;
      status: string;
      manage_token_hash: Buffer | null;
      user_id: string | null;
    }[] = await this.dataSource.query(
      `SELECT b.id, b.business_id, b.service_id, b.customer_id, b.status, b.manage_token_hash, c.user_id
       FROM bookings b JOIN customers c ON c.id = b.customer_id AND c.business_id = b.business_id
       WHERE b.id = $1 AND b.business_id = $2 AND b.deleted_at IS NULL`,
      [bookingId, businessId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      businessId: row.business_id,
      serviceId: row.service_id,
      customerId: row.customer_id,
      status: row.status,
      manageTokenHash: row.manage_token_hash,
      customerUserId: row.user_id,
    };
  }

  /** The review and booking.review.created, in one transaction; the unique index decides a race of two. */
  async create(booking: ReviewedBooking, author: ReviewAuthor, review: NewReview): Promise<Review> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const rows: ReviewRow[] = await manager.query(
          `INSERT INTO reviews AS r (id, business_id, booking_id, customer_id, service_id, rating, comment, author_kind)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${REVIEW_COLUMNS}`,
          [uuidv7(), booking.businessId, booking.id, booking.customerId, booking.serviceId, review.rating, review.comment, author.kind],
        );
        const created = toReview(rows[0]);
        await writeOutbox(manager, {
          subject: 'booking.review.created',
          eventType: 'omotenashi.events.v1.ReviewCreated',
          businessId: created.businessId,
          payload: reviewEventsV1.ReviewCreated.encode({
            reviewId: created.id,
            businessId: created.businessId,
            bookingId: created.bookingId,
            customerId: created.customerId,
            serviceId: created.serviceId,
            rating: created.rating,
            hasComment: created.comment.length > 0,
            createdAt: created.createdAt.toISOString(),
          }).finish(),
        });
        return created;
      });
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw ReviewErrors.alreadyReviewed();
      throw error;
    }
  }

  async list(query: ReviewListQuery): Promise<Review[]> {
    const { text, values } = listReviewsQuery(query);
    const rows: ReviewRow[] = await this.dataSource.query(text, values);
    return rows.map(toReview);
  }

  /** Count and mean rating of the whole selection (not one page), to two decimals. */
  async summary(query: Pick<ReviewListQuery, 'businessId' | 'visibleOnly'>): Promise<{ count: number; average: number }> {
    const values: unknown[] = [];
    const where = selection(query, values);
    const [row]: { count: number; average: number | null }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count, round(avg(r.rating), 2)::float8 AS average FROM reviews r WHERE ${where.join(' AND ')}`,
      values,
    );
    return { count: row.count, average: row.average ?? 0 };
  }

  async update(businessId: string, reviewId: string, changes: ReviewChanges): Promise<Review> {
    const values: unknown[] = [reviewId, businessId];
    const sets = ['updated_at = now()'];
    if (changes.isVisible !== undefined) sets.push(`is_visible = $${values.push(changes.isVisible)}`);
    if (changes.reply !== undefined) {
      const reply = `$${values.push(changes.reply)}::text`;
      sets.push(`reply = ${reply}`, `replied_at = CASE WHEN ${reply} IS NULL THEN NULL ELSE now() END`);
    }
    const [rows]: [ReviewRow[], number] = await this.dataSource.query(
      `UPDATE reviews r SET ${sets.join(', ')} WHERE r.id = $1 AND r.business_id = $2 AND r.deleted_at IS NULL RETURNING ${REVIEW_COLUMNS}`,
      values,
    );
    if (!rows.length) throw ReviewErrors.notFound();
    return toReview(rows[0]);
  }
}

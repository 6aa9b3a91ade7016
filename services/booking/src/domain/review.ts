import { CommonErrors, type FieldError } from '@omotenashi/errors';
import { checkPage, type PagePosition } from './customer-review-page';
import { manageTokenMatches } from './manage-token';
import { ReviewErrors } from './review.errors';

export const MAX_REVIEW_TEXT = 2000;

export interface Review extends PagePosition {
  businessId: string;
  bookingId: string;
  customerId: string;
  serviceId: string;
  rating: number;
  comment: string;
  isVisible: boolean;
  reply: string | null;
  repliedAt: Date | null;
  updatedAt: Date;
}

/** Who writes a review: the booking's guest (manage token) or its signed-in customer. Never the business. */
export type ReviewAuthor = { kind: 'guest'; manageToken: string } | { kind: 'customer'; userId: string };

/** What the review rules need to know about the booking being reviewed. */
export interface ReviewedBooking {
  id: string;
  businessId: string;
  serviceId: string;
  customerId: string;
  status: string;
  manageTokenHash: Buffer | null;
  customerUserId: string | null;
}

export interface NewReview {
  rating: number;
  comment: string;
}

export interface ReviewListQuery {
  businessId: string;
  visibleOnly: boolean;
  limit: number;
  after?: PagePosition;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkNewReview(request: { manageToken: string; customerUserId: string; rating: number; comment: string }): {
  author: ReviewAuthor;
  review: NewReview;
} {
  const fields: FieldError[] = [];
  if (!Number.isInteger(request.rating) || request.rating < 1 || request.rating > 5) fields.push({ pointer: '/rating', detail: 'must be an integer from 1 to 5' });
  const comment = request.comment.trim();
  if (comment.length > MAX_REVIEW_TEXT) fields.push({ pointer: '/comment', detail: `must be at most ${MAX_REVIEW_TEXT} characters` });
  if (Boolean(request.manageToken) === Boolean(request.customerUserId)) {
    fields.push({ pointer: '/manage_token', detail: 'exactly one of manage_token and customer_user_id is required' });
  }
  if (request.manageToken.length > 200) fields.push({ pointer: '/manage_token', detail: 'must be at most 200 characters' });
  if (request.customerUserId && !UUID.test(request.customerUserId)) fields.push({ pointer: '/customer_user_id', detail: 'must be a UUID' });
  if (fields.length) throw CommonErrors.validation(fields);
  const author: ReviewAuthor = request.manageToken
    ? { kind: 'guest', manageToken: request.manageToken }
    : { kind: 'customer', userId: request.customerUserId.toLowerCase() };
  return { author, review: { rating: request.rating, comment } };
}

/**
 * The booking may be reviewed by this author: it is theirs (a miss, a wrong token and somebody else's
 * booking all answer the same not-found) and the visit happened.
 */
export function assertMayReview(booking: ReviewedBooking | undefined, author: ReviewAuthor): ReviewedBooking {
  const owns =
    booking &&
    (author.kind === 'guest' ? manageTokenMatches(author.manageToken, booking.manageTokenHash) : booking.customerUserId === author.userId);
  if (!booking || !owns) throw ReviewErrors.bookingNotFound();
  if (booking.status !== 'completed') throw ReviewErrors.bookingNotCompleted(booking.status);
  return booking;
}

export interface ReviewChanges {
  isVisible?: boolean;
  /** `null` removes the reply. */
  reply?: string | null;
}

export function checkReviewChanges(request: { isVisible?: boolean; reply?: string }): ReviewChanges {
  const reply = request.reply?.trim();
  if (reply !== undefined && reply.length > MAX_REVIEW_TEXT) {
    throw CommonErrors.validation([{ pointer: '/reply', detail: `must be at most ${MAX_REVIEW_TEXT} characters` }]);
  }
  return { isVisible: request.isVisible, reply: reply === undefined ? undefined : reply || null };
}

export function checkReviewListQuery(request: { businessId: string; visibleOnly: boolean; limit: number; cursor: string }): ReviewListQuery {
  const fields: FieldError[] = [];
  const page = checkPage(request.limit, request.cursor, fields);
  if (fields.length) throw CommonErrors.validation(fields);
  return { businessId: request.businessId, visibleOnly: request.visibleOnly, ...page };
}

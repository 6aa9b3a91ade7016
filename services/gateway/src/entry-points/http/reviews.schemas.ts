import { businessParams, dateTime, noQuery, uuid, withProblems } from './common.schemas';
import { listQuerySchema, pageSchema } from './pagination';

const reviewText = (description: string) => ({ type: 'string', maxLength: 2_000, description }) as const;

export const reviewResponse = {
  $id: 'Review',
  title: 'Review',
  description: "A customer's review of a completed visit, with the business's reply",
  type: 'object',
  properties: {
    id: uuid,
    business_id: uuid,
    booking_id: uuid,
    service_id: uuid,
    customer_id: { ...uuid, description: "Members only: the business's customer who wrote it" },
    rating: { type: 'integer', minimum: 1, maximum: 5 },
    comment: { type: 'string' },
    is_visible: { type: 'boolean', description: 'False once the business hid it from the public list' },
    reply: { type: ['string', 'null'], description: "The business's reply" },
    replied_at: { type: ['string', 'null'], format: 'date-time' },
    created_at: dateTime,
    updated_at: dateTime,
  },
  required: ['id', 'business_id', 'booking_id', 'service_id', 'rating', 'comment', 'is_visible', 'reply', 'replied_at', 'created_at', 'updated_at'],
  additionalProperties: false,
} as const;

export interface ReviewJson {
  id: string;
  business_id: string;
  booking_id: string;
  service_id: string;
  customer_id?: string;
  rating: number;
  comment: string;
  is_visible: boolean;
  reply: string | null;
  replied_at: string | null;
  created_at: string;
  updated_at: string;
}

export const createReviewBody = {
  $id: 'CreateReviewBody',
  title: 'CreateReviewBody',
  type: 'object',
  properties: {
    rating: { type: 'integer', minimum: 1, maximum: 5 },
    comment: { ...reviewText('What the visit was like'), default: '' },
  },
  required: ['rating'],
  additionalProperties: false,
} as const;

export interface CreateReviewBody {
  rating: number;
  comment: string;
}

export const updateReviewBody = {
  $id: 'UpdateReviewBody',
  title: 'UpdateReviewBody',
  type: 'object',
  properties: {
    is_visible: { type: 'boolean', description: 'False hides the review from the public list' },
    reply: { type: ['string', 'null'], maxLength: 2_000, description: "The business's public reply; null or empty removes it" },
  },
  minProperties: 1,
  additionalProperties: false,
} as const;

export interface UpdateReviewBody {
  is_visible?: boolean;
  reply?: string | null;
}

export const reviewBookingParams = {
  $id: 'ReviewBookingParams',
  title: 'ReviewBookingParams',
  type: 'object',
  properties: { businessId: uuid, bookingId: uuid },
  required: ['businessId', 'bookingId'],
  additionalProperties: false,
} as const;

export interface ReviewBookingParams {
  businessId: string;
  bookingId: string;
}

export const reviewParams = {
  $id: 'ReviewParams',
  title: 'ReviewParams',
  type: 'object',
  properties: { businessId: uuid, reviewId: uuid },
  required: ['businessId', 'reviewId'],
  additionalProperties: false,
} as const;

export interface ReviewParams {
  businessId: string;
  reviewId: string;
}

const reviewHeaders = {
  type: 'object',
  properties: {
    'x-manage-token': {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: "A guest's proof: the booking's manage_token. Without it, the signed-in customer who booked writes the review.",
    },
  },
} as const;

export const listReviewsQuery = listQuerySchema('ListReviewsQuery', {
  include_hidden: { type: 'boolean', default: false, description: "Members only: also the reviews the business hid" },
});

export interface ListReviewsQuery {
  include_hidden: boolean;
  limit?: number;
  cursor?: string;
  fields?: string;
}

const page = pageSchema('ReviewPage', reviewResponse);
export const reviewPageResponse = {
  ...page,
  description: 'Newest first; the average and count cover every review of the selection, not only this page',
  properties: {
    ...page.properties,
    average_rating: { type: ['number', 'null'], description: 'Mean rating to two decimals; null when there are none' },
    review_count: { type: 'integer', minimum: 0 },
  },
  required: [...page.required, 'average_rating', 'review_count'],
} as const;

export const createReviewSchema = {
  params: reviewBookingParams,
  querystring: noQuery,
  headers: reviewHeaders,
  body: createReviewBody,
  response: withProblems({ 201: reviewResponse }),
};
export const listReviewsSchema = { params: businessParams, querystring: listReviewsQuery, response: withProblems({ 200: reviewPageResponse }) };
export const updateReviewSchema = { params: reviewParams, querystring: noQuery, body: updateReviewBody, response: withProblems({ 200: reviewResponse }) };

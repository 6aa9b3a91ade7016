import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { IdentityErrors } from '../../domain/identity/identity.errors';
import { createReview, listReviews, updateReview, type ReviewWriter } from '../../domain/reviews.use-cases';
import { MANAGERS, PUBLIC } from './access';
import { unauthenticated } from './authentication.plugin';
import type { BusinessParams } from './common.schemas';
import { parseFields, selectFields } from './field-selection';
import { toReviewResponse, toUpdateReviewRequest } from './reviews.mappers';
import {
  createReviewSchema,
  listReviewsSchema,
  reviewResponse,
  updateReviewSchema,
  type CreateReviewBody,
  type ListReviewsQuery,
  type ReviewBookingParams,
  type ReviewParams,
  type UpdateReviewBody,
} from './reviews.schemas';
import type { RouteDeps } from './route-deps';

/** The business's own members and keys never write reviews; a guest's token wins over a signed-in session. */
function writerOf(request: FastifyRequest): ReviewWriter {
  if (request.businessAccess) return { kind: 'business' };
  const header = request.headers['x-manage-token'];
  const manageToken = Array.isArray(header) ? header[0] : header;
  if (manageToken) return { kind: 'guest', manageToken };
  const caller = request.caller;
  if (caller.kind === 'user') return { kind: 'user', userId: caller.userId };
  return { kind: caller.kind };
}

export const reviewsRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams }) => {
  // Public: the guest proves the booking with X-Manage-Token, or the signed-in customer writes it.
  app.post<{ Params: ReviewBookingParams; Body: CreateReviewBody }>(
    '/v1/businesses/:businessId/bookings/:bookingId/review',
    { schema: createReviewSchema, config: { access: PUBLIC } },
    async (request, reply) => {
      const { businessId, bookingId } = request.params;
      const review = await createReview(downstreams, writerOf(request), { businessId, bookingId, ...request.body });
      void reply.code(201).header('location', `/v1/businesses/${businessId}/reviews/${review.id}`);
      return toReviewResponse(review, false);
    },
  );

  // Public: visible reviews with their average; members may ask for the hidden ones too.
  app.get<{ Params: BusinessParams; Querystring: ListReviewsQuery }>(
    '/v1/businesses/:businessId/reviews',
    { schema: listReviewsSchema, config: { access: PUBLIC } },
    async (request, reply) => {
      const { businessId } = request.params;
      const member = Boolean(request.businessAccess);
      if (request.query.include_hidden && !member) {
        throw request.caller.kind === 'anonymous' ? unauthenticated(reply) : IdentityErrors.roleTooLow();
      }
      const visibleOnly = !request.query.include_hidden;
      const selection = parseFields(request.query.fields, reviewResponse);
      const pager = app.cursors.tokenPager(`reviews:${businessId}:${visibleOnly ? 'visible' : 'all'}`);
      const { limit, token } = pager.start(request.query);
      const answer = await listReviews(downstreams, { businessId, visibleOnly, limit, cursor: token });
      const page = selectFields(pager.page(answer.reviews.map((r) => toReviewResponse(r, member)), answer.nextCursor), selection);
      return { ...page, average_rating: answer.reviewCount ? answer.averageRating : null, review_count: answer.reviewCount };
    },
  );

  app.patch<{ Params: ReviewParams; Body: UpdateReviewBody }>(
    '/v1/businesses/:businessId/reviews/:reviewId',
    { schema: updateReviewSchema, config: { access: MANAGERS } },
    async (request) => {
      const { businessId, reviewId } = request.params;
      return toReviewResponse(await updateReview(downstreams, toUpdateReviewRequest(businessId, reviewId, request.body)), true);
    },
  );
};

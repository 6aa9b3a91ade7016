import { bookingCustomersV1, bookingReviewsV1, reviewEventsV1 } from '@omotenashi/proto';
import { listReviewsQuery } from '../../src/data-access/review.repository';
import { checkReviewListQuery } from '../../src/domain/review';
import { CustomersHarness } from '../customers/customers.harness';
import { tokyoAt } from '../lifecycle/lifecycle.harness';

describe('Reviews over gRPC', () => {
  let t: CustomersHarness;
  let businessId: string;
  let otherBusinessId: string;
  let visits: Awaited<ReturnType<CustomersHarness['completedBookings']>>;

  beforeAll(async () => {
    t = await CustomersHarness.start('reviews');
    businessId = await t.h.business();
    otherBusinessId = await t.h.business();
    visits = await t.completedBookings(businessId, ['a@example.jp', 'b@example.jp', 'c@example.jp', 'd@example.jp']);
  });

  afterAll(async () => {
    await t?.stop();
  });

  const review = (request: Partial<bookingReviewsV1.CreateReviewRequest>) =>
    t.reviews.call('createReview', bookingReviewsV1.CreateReviewRequest.fromPartial({ businessId, rating: 5, ...request }));
  const byGuest = (visit: (typeof visits)[number], request: Partial<bookingReviewsV1.CreateReviewRequest> = {}) =>
    review({ bookingId: visit.booking.id, manageToken: visit.manageToken, ...request });
  const list = (request: Partial<bookingReviewsV1.ListReviewsRequest> = {}) =>
    t.reviews.call('listReviews', bookingReviewsV1.ListReviewsRequest.fromPartial({ businessId, visibleOnly: true, ...request }));
  const update = (reviewId: string, request: Partial<bookingReviewsV1.UpdateReviewRequest>, business = businessId) =>
    t.reviews.call('updateReview', bookingReviewsV1.UpdateReviewRequest.fromPartial({ businessId: business, reviewId, ...request }));

  it('When the visit has not happened yet, then it cannot be reviewed', async () => {
    const upcoming = await t.h.book(businessId, await t.h.service(businessId), tokyoAt(3), 'later@example.jp');
    await expect(review({ bookingId: upcoming.booking.id, manageToken: upcoming.manageToken })).rejects.toMatchObject({
      code: 'REVIEW.BOOKING_NOT_COMPLETED',
      kind: 'unprocessable',
    });
  });

  it('When the guest reviews a completed visit with the manage token, then the review exists once and booking.review.created is written', async () => {
    const [visit] = visits;
    const { review: created } = await byGuest(visit, { rating: 4, comment: '  とても丁寧でした  ' });
    expect(created).toMatchObject({
      businessId,
      bookingId: visit.booking.id,
      customerId: visit.booking.customerId,
      serviceId: visit.booking.serviceId,
      rating: 4,
      comment: 'とても丁寧でした',
      isVisible: true,
      reply: '',
      repliedAt: '',
    });
    await expect(byGuest(visit, { rating: 1 })).rejects.toMatchObject({ code: 'REVIEW.ALREADY_REVIEWED', kind: 'conflict' });

    const events = (await t.outbox(businessId, 'booking.review.created')).map((payload) => reviewEventsV1.ReviewCreated.decode(payload));
    expect(events).toEqual([
      expect.objectContaining({ reviewId: created?.id, bookingId: visit.booking.id, customerId: visit.booking.customerId, rating: 4, hasComment: true }),
    ]);
  });

  it('When the token is wrong, the booking is another business\'s, or the rating or comment are out of bounds, then the review is refused', async () => {
    const visit = visits[1];
    await expect(byGuest(visit, { manageToken: 'wrong' })).rejects.toMatchObject({ code: 'BOOKING.NOT_FOUND', kind: 'not_found' });
    await expect(byGuest(visit, { businessId: otherBusinessId })).rejects.toMatchObject({ code: 'BOOKING.NOT_FOUND' });
    for (const rating of [0, 6]) {
      await expect(byGuest(visit, { rating })).rejects.toMatchObject({ code: 'COMMON.VALIDATION_FAILED', fields: [{ pointer: '/rating', detail: expect.any(String) }] });
    }
    await expect(byGuest(visit, { comment: 'あ'.repeat(2001) })).rejects.toMatchObject({ fields: [{ pointer: '/comment', detail: expect.any(String) }] });
    await expect(byGuest(visit, { customerUserId: '0190a0a0-0000-7000-8000-000000000009' })).rejects.toMatchObject({ code: 'COMMON.VALIDATION_FAILED' });
    await expect(review({ bookingId: visit.booking.id })).rejects.toMatchObject({ code: 'COMMON.VALIDATION_FAILED' });
    const { review: longest } = await byGuest(visit, { rating: 1, comment: 'あ'.repeat(2000) });
    expect(longest?.comment).toHaveLength(2000);
  });

  it('When the signed-in user linked to the customer reviews, then it is theirs to write; any other user learns nothing', async () => {
    const visit = visits[2];
    const userId = '0190a0a0-0000-7000-8000-00000000c0de';
    await t.customers.call(
      'updateCustomer',
      bookingCustomersV1.UpdateCustomerRequest.fromPartial({ businessId, customerId: visit.booking.customerId, userId }),
    );
    await expect(review({ bookingId: visit.booking.id, customerUserId: '0190a0a0-0000-7000-8000-0000000000ff' })).rejects.toMatchObject({
      code: 'BOOKING.NOT_FOUND',
    });
    const { review: created } = await review({ bookingId: visit.booking.id, customerUserId: userId, rating: 2, comment: 'Late start' });
    expect(created).toMatchObject({ rating: 2, customerId: visit.booking.customerId });
  });

  it('When the business hides one review and replies to another, then the public list leaves the hidden one out and averages the rest', async () => {
    const { review: hidden } = await byGuest(visits[3], { rating: 5, comment: 'Hide me' });
    const all = await list({ visibleOnly: false });
    expect(all).toMatchObject({ reviewCount: 4, averageRating: 3, nextCursor: '' });
    expect(all.reviews.map((r) => r.rating)).toEqual([5, 2, 1, 4]);

    const { review: hiddenNow } = await update(hidden!.id, { isVisible: false });
    expect(hiddenNow?.isVisible).toBe(false);
    const firstId = all.reviews[3].id;
    const { review: answered } = await update(firstId, { reply: ' ありがとうございました ' });
    expect(answered).toMatchObject({ reply: 'ありがとうございました', isVisible: true, repliedAt: expect.stringMatching(/Z$/) });

    const visible = await list();
    expect(visible.reviews.map((r) => r.id)).not.toContain(hidden!.id);
    expect(visible).toMatchObject({ reviewCount: 3, averageRating: 2.33 });
    const page1 = await list({ limit: 2 });
    const page2 = await list({ limit: 2, cursor: page1.nextCursor });
    expect([...page1.reviews, ...page2.reviews].map((r) => r.id)).toEqual(visible.reviews.map((r) => r.id));
    expect(page1).toMatchObject({ reviewCount: 3, averageRating: 2.33 });

    const { review: unreplied } = await update(firstId, { reply: '' });
    expect(unreplied).toMatchObject({ reply: '', repliedAt: '' });
    expect((await list({ visibleOnly: false })).reviewCount).toBe(4);
  });

  it("When another business lists or changes this business's reviews, then it sees none and changes nothing", async () => {
    const { reviews } = await list({ visibleOnly: false });
    await expect(update(reviews[0].id, { isVisible: false }, otherBusinessId)).rejects.toMatchObject({ code: 'REVIEW.NOT_FOUND', kind: 'not_found' });
    expect(await list({ businessId: otherBusinessId, visibleOnly: false })).toMatchObject({ reviews: [], reviewCount: 0, averageRating: 0 });
    expect((await list({ visibleOnly: false })).reviews[0].isVisible).toBe(reviews[0].isVisible);
  });

  it('When the review list runs, then Postgres reads it through idx_reviews_business', async () => {
    await t.fillOtherTenants(2_000);
    const second = await list({ limit: 1 });
    for (const request of [{ visibleOnly: true }, { visibleOnly: false }, { visibleOnly: true, cursor: second.nextCursor }]) {
      const { text, values } = listReviewsQuery(checkReviewListQuery({ businessId, limit: 20, cursor: '', ...request }));
      expect(await t.plan(text, values)).toContain('idx_reviews_business');
    }
  });
});

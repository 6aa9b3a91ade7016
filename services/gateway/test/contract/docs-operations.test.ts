import type { RouteOptions } from 'fastify';
import { MANAGERS, PUBLIC, AUTHENTICATED } from '../../src/entry-points/http/access';
import { operationIdOf, tagOf } from '../../src/entry-points/http/docs.operations';
import { describeRoute } from '../../src/entry-points/http/openapi.plugin';

/** DESIGN §6: the public paths external apps code against. */
const DESIGN_ROUTES: [string, string, string, string][] = [
  ['POST', '/v1/auth/signup', 'authSignup', 'Identity'],
  ['POST', '/v1/auth/token', 'authToken', 'Identity'],
  ['POST', '/v1/auth/refresh', 'authRefresh', 'Identity'],
  ['GET', '/v1/me', 'getMe', 'Identity'],
  ['POST', '/v1/businesses', 'createBusiness', 'Businesses'],
  ['GET', '/v1/businesses', 'listBusinesses', 'Businesses'],
  ['GET', '/v1/businesses/:businessId', 'getBusiness', 'Businesses'],
  ['PATCH', '/v1/businesses/:businessId', 'updateBusiness', 'Businesses'],
  ['DELETE', '/v1/businesses/:businessId', 'deleteBusiness', 'Businesses'],
  ['PUT', '/v1/businesses/:businessId/hours', 'replaceBusinessHours', 'Businesses'],
  ['GET', '/v1/businesses/:businessId/hours', 'getBusinessHours', 'Businesses'],
  ['GET', '/v1/businesses/:businessId/closures', 'listBusinessClosures', 'Businesses'],
  ['POST', '/v1/businesses/:businessId/closures', 'createBusinessClosure', 'Businesses'],
  ['DELETE', '/v1/businesses/:businessId/closures/:id', 'deleteBusinessClosure', 'Businesses'],
  ['GET', '/v1/businesses/:businessId/services', 'listBusinessServices', 'Services'],
  ['POST', '/v1/businesses/:businessId/services', 'createBusinessService', 'Services'],
  ['GET', '/v1/businesses/:businessId/services/:serviceId', 'getBusinessService', 'Services'],
  ['PATCH', '/v1/businesses/:businessId/services/:serviceId', 'updateBusinessService', 'Services'],
  ['DELETE', '/v1/businesses/:businessId/services/:serviceId', 'deleteBusinessService', 'Services'],
  ['GET', '/v1/businesses/:businessId/resources', 'listBusinessResources', 'Resources'],
  ['POST', '/v1/businesses/:businessId/resources', 'createBusinessResource', 'Resources'],
  ['GET', '/v1/businesses/:businessId/staff', 'listBusinessStaff', 'Staff'],
  ['POST', '/v1/businesses/:businessId/staff', 'createBusinessStaff', 'Staff'],
  ['GET', '/v1/businesses/:businessId/staff/:staffId', 'getBusinessStaff', 'Staff'],
  ['POST', '/v1/businesses/:businessId/api-keys', 'createBusinessApiKey', 'Identity'],
  ['DELETE', '/v1/businesses/:businessId/api-keys/:keyId', 'deleteBusinessApiKey', 'Identity'],
  ['GET', '/v1/businesses/:businessId/availability', 'getBusinessAvailability', 'Availability'],
  ['POST', '/v1/businesses/:businessId/bookings', 'createBusinessBooking', 'Bookings'],
  ['GET', '/v1/businesses/:businessId/bookings', 'listBusinessBookings', 'Bookings'],
  ['GET', '/v1/businesses/:businessId/bookings/:bookingId', 'getBusinessBooking', 'Bookings'],
  ['POST', '/v1/businesses/:businessId/bookings/:bookingId/cancel', 'cancelBusinessBooking', 'Bookings'],
  ['POST', '/v1/businesses/:businessId/bookings/:bookingId/reschedule', 'rescheduleBusinessBooking', 'Bookings'],
  ['POST', '/v1/businesses/:businessId/bookings/:bookingId/approve', 'approveBusinessBooking', 'Bookings'],
  ['POST', '/v1/businesses/:businessId/bookings/:bookingId/complete', 'completeBusinessBooking', 'Bookings'],
  ['POST', '/v1/businesses/:businessId/bookings/:bookingId/no-show', 'noShowBusinessBooking', 'Bookings'],
  ['GET', '/v1/businesses/:businessId/customers', 'listBusinessCustomers', 'Customers'],
  ['GET', '/v1/businesses/:businessId/customers/:customerId', 'getBusinessCustomer', 'Customers'],
  ['POST', '/v1/businesses/:businessId/bookings/:bookingId/review', 'reviewBusinessBooking', 'Reviews'],
  ['GET', '/v1/businesses/:businessId/reviews', 'listBusinessReviews', 'Reviews'],
  ['PATCH', '/v1/businesses/:businessId/reviews/:reviewId', 'updateBusinessReview', 'Reviews'],
  ['GET', '/v1/businesses/:businessId/bookings/:bookingId/payments', 'listBusinessBookingPayments', 'Payments'],
  ['POST', '/v1/businesses/:businessId/payments/:paymentId/refund', 'refundBusinessPayment', 'Payments'],
  ['POST', '/v1/payments/webhooks/:provider', 'postPaymentsWebhook', 'Payments'],
  ['GET', '/v1/businesses/:businessId/analytics/daily', 'getBusinessAnalyticsDaily', 'Analytics'],
  ['GET', '/v1/businesses/:businessId/analytics/summary', 'getBusinessAnalyticsSummary', 'Analytics'],
  ['GET', '/v1/businesses/:businessId/audit-logs', 'listBusinessAuditLogs', 'Analytics'],
  ['GET', '/healthz', 'getHealthz', 'Operations'],
  ['GET', '/metrics', 'getMetrics', 'Operations'],
];

describe('Operation names and tags', () => {
  test.each(DESIGN_ROUTES)('When the route is %s %s, then its operationId is %s, tagged %s', (method, url, id, tag) => {
    expect(operationIdOf(method, url)).toBe(id);
    expect(tagOf(url)).toBe(tag);
  });

  test('When every DESIGN §6 route is named, then no two share an operationId', () => {
    const ids = DESIGN_ROUTES.map(([method, url]) => operationIdOf(method, url));

    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("A route's access in the document", () => {
  const route = (config: object) => ({ method: 'PATCH', url: '/v1/businesses/:businessId', config }) as unknown as RouteOptions;

  test('When a route is public, then it needs no security and says so', () => {
    expect(describeRoute(undefined, '/v1/businesses/:businessId', route({ access: PUBLIC }))).toMatchObject({
      security: [],
      description: 'Public: no credentials needed.',
    });
  });

  test('When a route is for any signed-in caller, then a JWT or an API key will do', () => {
    expect(describeRoute({}, '/v1/me', route({ access: AUTHENTICATED }))).toMatchObject({
      security: [{ bearer_jwt: [] }, { api_key: [] }],
      description: 'Any signed-in user or API key.',
    });
  });

  test('When a route names roles, then they are listed after its own description', () => {
    const described = describeRoute({ description: 'Changes the profile.' }, '/v1/businesses/:businessId', route({ access: MANAGERS }));

    expect(described).toMatchObject({
      security: [{ bearer_jwt: [] }, { api_key: [] }],
      description: 'Changes the profile.\n\nRoles: owner, manager (or an API key of this business).',
      operationId: 'updateBusiness',
      summary: 'Update business',
      tags: ['Businesses'],
    });
  });

  test('When a route names its own operationId, tags and summary, then they are kept', () => {
    const given = { operationId: 'editProfile', tags: ['Businesses'], summary: 'Edit the profile' };

    expect(describeRoute(given, '/v1/x', route({ access: PUBLIC }))).toMatchObject(given);
  });

  test('When a route declares no access (probes), then the document claims no security for it', () => {
    expect(describeRoute({}, '/healthz', route({}))).not.toHaveProperty('security');
  });
});

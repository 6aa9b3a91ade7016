import { CommonErrors } from '@omotenashi/errors';
import type { FastifyPluginAsync } from 'fastify';
import { getDailyStats } from '../../domain/analytics.use-cases';
import { MANAGERS } from './access';
import { toDailyStatsRequest, toDailyStatsResponse } from './analytics.mappers';
import { dailyStatsSchema, type DailyStatsQuery } from './analytics.schemas';
import type { BusinessParams } from './common.schemas';
import type { RouteDeps } from './route-deps';

/** Longest range one request may ask for: a year of daily rows. */
export const MAX_DAILY_RANGE_DAYS = 366;

export const analyticsRoutes: FastifyPluginAsync<RouteDeps> = async (app, { downstreams }) => {
  app.get<{ Params: BusinessParams; Querystring: DailyStatsQuery }>(
    '/v1/businesses/:businessId/analytics/daily',
    { schema: dailyStatsSchema, config: { access: MANAGERS } },
    async (request) => {
      assertRange(request.query);
      const days = await getDailyStats(downstreams, toDailyStatsRequest(request.params.businessId, request.query));
      return toDailyStatsResponse(days);
    },
  );
};

/** The cross-field rule JSON Schema can't say: from ≤ to, at most a year apart (both already valid dates). */
function assertRange({ from, to }: DailyStatsQuery): void {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (days < 1) throw CommonErrors.validation([{ pointer: '/query/to', detail: 'must not be before from' }]);
  if (days > MAX_DAILY_RANGE_DAYS) {
    throw CommonErrors.validation([{ pointer: '/query/to', detail: `must be at most ${MAX_DAILY_RANGE_DAYS} days after from` }]);
  }
}

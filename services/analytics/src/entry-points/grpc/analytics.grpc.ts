import { requireUuid, unaryService } from '@omotenashi/grpc';
import type { Logger } from '@omotenashi/logging';
import { analyticsV1 } from '@omotenashi/proto';
import type { DailyStatsRepository } from '../../data-access/daily-stats.repository';
import { checkRange } from '../../domain/daily-stats';

export const ANALYTICS_SERVICE_NAME = 'omotenashi.analytics.v1.AnalyticsService';

export function analyticsGrpcService(stats: DailyStatsRepository, logger: Logger) {
  return {
    name: ANALYTICS_SERVICE_NAME,
    definition: analyticsV1.AnalyticsServiceService,
    implementation: unaryService<analyticsV1.AnalyticsServiceServer>(
      ANALYTICS_SERVICE_NAME,
      {
        getDailyStats: async (request) => {
          const businessId = requireUuid(request.businessId, '/business_id');
          checkRange(request.from, request.to);
          return { days: await stats.range(businessId, request.from, request.to) };
        },
      },
      logger,
    ),
  };
}

import type { analyticsV1 } from '@omotenashi/proto';
import type { Downstreams } from '../downstream/downstreams';

type Deps = Pick<Downstreams, 'analytics'>;

export async function getDailyStats(
  { analytics }: Deps,
  request: analyticsV1.GetDailyStatsRequest,
): Promise<analyticsV1.DailyStat[]> {
  const { days } = await analytics.call('getDailyStats', request);
  return days;
}

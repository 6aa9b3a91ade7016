import type { catalogV1 } from '@omotenashi/proto';
import type { HoursJson, WeeklyIntervalJson } from './hours.schemas';

export const toWeekly = (weekly: WeeklyIntervalJson[]): catalogV1.WeeklyInterval[] => weekly.map(({ weekday, opens, closes }) => ({ weekday, opens, closes }));
export const toWeeklyJson = (weekly: catalogV1.WeeklyInterval[]): WeeklyIntervalJson[] => weekly.map(({ weekday, opens, closes }) => ({ weekday, opens, closes }));

export function toSetHoursRequest(businessId: string, body: HoursJson): catalogV1.SetBusinessHoursRequest {
  return { businessId, weekly: toWeekly(body.weekly), closedOnNationalHolidays: body.closed_on_national_holidays };
}

export function toHoursResponse(hours: catalogV1.BusinessHours): HoursJson {
  return { weekly: toWeeklyJson(hours.weekly), closed_on_national_holidays: hours.closedOnNationalHolidays };
}

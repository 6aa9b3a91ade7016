import { AppError, CommonErrors, type FieldError } from '@omotenashi/errors';
import { computeAvailability, type AvailableSlot } from '../availability';
import type { AvailabilityCache, AvailabilityQuestion } from '../availability-cache';
import { BookingErrors } from '../booking.errors';
import { addDays, availabilityInput } from '../scheduling';
import { performs, readAllocations, readCalendar, type SchedulingDeps } from './scheduling-context';

export const MAX_DAYS = 31;
const MAX_PARTY = 1_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type { CalendarMemory } from './scheduling-context';

export interface AvailabilityDeps extends SchedulingDeps {
  availability: AvailabilityCache;
  now?: () => Date;
}

/**
 * The bookable slots of a service over 1–31 local days: answered from the cache when the same question
 * was asked in the last minute, else computed by the engine from the catalog's calendar (one gRPC call)
 * and the business's live allocations (one query). An inactive service has no slots.
 */
export async function getAvailability(deps: AvailabilityDeps, request: AvailabilityQuestion): Promise<AvailableSlot[]> {
  const question = checkQuestion(request);
  return deps.availability.slots(question, async () => {
    const lastDate = addDays(question.date, question.days - 1);
    const data = await readCalendar(deps, question.businessId, question.serviceId, question.date, lastDate);
    if (question.staffId && !performs(data, question.staffId)) throw BookingErrors.staffUnknown('/query/staff_id');
    if (!data.service.isActive) return [];
    const allocations = await readAllocations(deps, data, question.date, lastDate);
    const query = {
      fromDate: question.date,
      days: question.days,
      now: deps.now?.() ?? new Date(),
      staffId: question.staffId || undefined,
      partySize: question.partySize,
    };
    try {
      return computeAvailability(availabilityInput(data, allocations, query)).slots;
    } catch (error) {
      throw fromEngineError(error);
    }
  });
}

/** Defaults (0 days or party means 1) and every bad field at once; ids in lower case so keys don't split. */
function checkQuestion(request: AvailabilityQuestion): AvailabilityQuestion {
  const days = request.days || 1;
  const partySize = request.partySize || 1;
  const fields: FieldError[] = [];
  if (!UUID.test(request.businessId)) fields.push({ pointer: '/business_id', detail: 'must be a UUID' });
  if (!UUID.test(request.serviceId)) fields.push({ pointer: '/query/service_id', detail: 'must be a UUID' });
  if (!isDate(request.date)) fields.push({ pointer: '/query/date', detail: 'must be a date YYYY-MM-DD' });
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) fields.push({ pointer: '/query/days', detail: `must be 1–${MAX_DAYS}` });
  if (request.staffId && !UUID.test(request.staffId)) fields.push({ pointer: '/query/staff_id', detail: 'must be a UUID' });
  if (!Number.isInteger(partySize) || partySize < 1 || partySize > MAX_PARTY) fields.push({ pointer: '/query/party_size', detail: `must be 1–${MAX_PARTY}` });
  if (fields.length) throw CommonErrors.validation(fields);
  return {
    businessId: request.businessId.toLowerCase(),
    serviceId: request.serviceId.toLowerCase(),
    date: request.date,
    days,
    staffId: request.staffId.toLowerCase(),
    partySize,
  };
}

function isDate(text: string): boolean {
  const ms = ISO_DATE.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(text);
}

/** Which query field a RangeError of the engine is about; other RangeErrors mean bad catalog data, our fault. */
const QUERY_FIELDS: [RegExp, string][] = [
  [/^query\.days\b/, '/query/days'],
  [/^query\.partySize\b/, '/query/party_size'],
  [/^not a date YYYY-MM-DD/, '/query/date'],
];

function fromEngineError(error: unknown): AppError | unknown {
  if (!(error instanceof RangeError)) return error;
  const field = QUERY_FIELDS.find(([pattern]) => pattern.test(error.message));
  return field ? CommonErrors.validation([{ pointer: field[1], detail: error.message }]) : CommonErrors.internal(error);
}

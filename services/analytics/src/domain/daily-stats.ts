import { CommonErrors, type FieldError } from '@omotenashi/errors';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 366;

function isDate(value: string): boolean {
  return DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

/** A stats range: two real dates, in order, at most a year apart. */
export function checkRange(from: string, to: string): void {
  const fields: FieldError[] = [];
  if (!isDate(from)) fields.push({ pointer: '/query/from', detail: 'must be a date YYYY-MM-DD' });
  if (!isDate(to)) fields.push({ pointer: '/query/to', detail: 'must be a date YYYY-MM-DD' });
  if (!fields.length) {
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (days < 0) fields.push({ pointer: '/query/to', detail: 'must not be before from' });
    else if (days >= MAX_DAYS) fields.push({ pointer: '/query/to', detail: `the range may span at most ${MAX_DAYS} days` });
  }
  if (fields.length) throw CommonErrors.validation(fields);
}

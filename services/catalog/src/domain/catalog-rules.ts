import { CommonErrors, type FieldError } from '@omotenashi/errors';

export const CATEGORIES = [
  'beauty', 'hair', 'nail', 'esthetic', 'spa', 'clinic', 'dental', 'restaurant', 'lodging', 'fitness', 'lesson', 'photo', 'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const PREPAYMENT_RULES = ['none', 'deposit', 'full'] as const;
export const STAFF_ROLES = ['owner', 'manager', 'staff'] as const;
export const LOCALES = ['ja', 'en'] as const;

const SLUG = /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/;
/** Resource kinds name what a service needs: `chair`, `shampoo_station`, `private-room`. */
const KIND = /^[a-z][a-z0-9_-]{0,39}$/;
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const RFC3339_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'));
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isTimeZone(value: string): boolean {
  if (TIME_ZONES.has(value) || value === 'UTC') return true;
  // Named zones only: `new Intl.DateTimeFormat` also accepts offsets such as +09:00, which are not zones.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Minutes since midnight of an `HH:MM` clock time; `24:00` only where a day's end is meant. */
export function clockMinutes(value: string, allowEndOfDay = false): number | undefined {
  if (allowEndOfDay && value === '24:00') return 24 * 60;
  const match = CLOCK.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** A real calendar date written `YYYY-MM-DD` (2027-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Collects every problem first, then fails once, so the caller sees all bad fields together. */
export class FieldCheck {
  private readonly fields: FieldError[] = [];

  require(ok: boolean, pointer: string, detail: string): this {
    if (!ok) this.fields.push({ pointer, detail });
    return this;
  }

  get failed(): boolean {
    return this.fields.length > 0;
  }

  throwIfAny(): void {
    if (this.fields.length) throw CommonErrors.validation(this.fields);
  }
}

export const rules = {
  slug: (value: string) => SLUG.test(value),
  kind: (value: string) => KIND.test(value),
  category: (value: string) => (CATEGORIES as readonly string[]).includes(value),
  timezone: isTimeZone,
  currency: (value: string) => /^[A-Z]{3}$/.test(value) && CURRENCIES.has(value),
  email: (value: string) => value.length <= 254 && EMAIL.test(value),
  uuid: (value: string) => UUID.test(value),
  instant: (value: string) => RFC3339_WITH_OFFSET.test(value) && !Number.isNaN(Date.parse(value)),
  maxLength: (value: string, max: number) => value.length <= max,
  nonNegativeInt: (value: number) => Number.isSafeInteger(value) && value >= 0,
  positiveInt: (value: number) => Number.isSafeInteger(value) && value > 0,
  oneOf: <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value),
};

/** Absent fields keep their value (or default); 0, false and '' are real values. */
export function definedOnly<T extends object>(value: Partial<T> | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Names of the fields whose value differs (compared as JSON), for `changed_fields` in events. */
export function changedFields(before: object, after: object, names: string[], prefix = ''): string[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return names.filter((name) => JSON.stringify(a[name]) !== JSON.stringify(b[name])).map((name) => prefix + snake(name));
}

export function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

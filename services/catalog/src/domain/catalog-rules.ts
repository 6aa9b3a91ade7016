import { CommonErrors, type FieldError } from '@omotenashi/errors';

export const CATEGORIES = [
  'beauty', 'hair', 'nail', 'esthetic', 'spa', 'clinic', 'dental', 'restaurant', 'lodging', 'fitness', 'lesson', 'photo', 'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const PREPAYMENT_RULES = ['none', 'deposit', 'full'] as const;

const SLUG = /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/;
const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'));
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isTimeZone(value: string): boolean {
  if (TIME_ZONES.has(value) || value === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Collects every problem first, then fails once, so the caller sees all bad fields together. */
export class FieldCheck {
  private readonly fields: FieldError[] = [];

  require(ok: boolean, pointer: string, detail: string): this {
    if (!ok) this.fields.push({ pointer, detail });
    return this;
  }

  throwIfAny(): void {
    if (this.fields.length) throw CommonErrors.validation(this.fields);
  }
}

export const rules = {
  slug: (value: string) => SLUG.test(value),
  category: (value: string) => (CATEGORIES as readonly string[]).includes(value),
  timezone: isTimeZone,
  currency: (value: string) => /^[A-Z]{3}$/.test(value) && CURRENCIES.has(value),
  nonNegativeInt: (value: number) => Number.isSafeInteger(value) && value >= 0,
  positiveInt: (value: number) => Number.isSafeInteger(value) && value > 0,
};

import { CommonErrors, type FieldError } from '@omotenashi/errors';
import { checkPage, type PagePosition } from './customer-review-page';

/** A business's customer, one per business and email (upserted when somebody books). */
export interface Customer extends PagePosition {
  businessId: string;
  userId: string | null;
  email: string;
  name: string;
  nameKana: string | null;
  phone: string | null;
  locale: string;
  notes: string | null;
  /** Completed bookings, counted from the bookings themselves. */
  visitCount: number;
  updatedAt: Date;
  erasedAt: Date | null;
}

/** Fields to change; `null` clears an optional one, absent leaves it. */
export interface CustomerChanges {
  name?: string;
  nameKana?: string | null;
  email?: string;
  phone?: string | null;
  locale?: string;
  notes?: string | null;
  userId?: string | null;
}

export interface CustomerUpdateInput {
  name?: string;
  nameKana?: string;
  email?: string;
  phone?: string;
  locale?: string;
  notes?: string;
  userId?: string;
}

export interface CustomerListQuery {
  businessId: string;
  /** Lower-cased substring of name, kana or email. */
  search?: string;
  limit: number;
  after?: PagePosition;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCALES = ['ja', 'en'];
const MAX = { name: 200, nameKana: 200, email: 254, phone: 40, notes: 2000, search: 200 };

const orNull = (value: string) => (value.trim() ? value.trim() : null);

/** Every bad field at once; empty strings clear the optional fields. */
export function checkCustomerChanges(input: CustomerUpdateInput): CustomerChanges {
  const fields: FieldError[] = [];
  const bad = (pointer: string, detail: string) => fields.push({ pointer, detail });
  const changes: CustomerChanges = {};
  if (input.name !== undefined) {
    if (!input.name.trim()) bad('/name', 'must not be empty');
    else if (input.name.trim().length > MAX.name) bad('/name', `must be at most ${MAX.name} characters`);
    changes.name = input.name.trim();
  }
  if (input.email !== undefined) {
    if (!EMAIL.test(input.email.trim()) || input.email.trim().length > MAX.email) bad('/email', 'must be an email address');
    changes.email = input.email.trim();
  }
  if (input.locale !== undefined) {
    if (!LOCALES.includes(input.locale)) bad('/locale', 'must be ja or en');
    changes.locale = input.locale;
  }
  if (input.userId !== undefined) {
    if (input.userId && !UUID.test(input.userId)) bad('/user_id', 'must be a UUID');
    changes.userId = input.userId ? input.userId.toLowerCase() : null;
  }
  for (const [key, pointer] of [['nameKana', '/name_kana'], ['phone', '/phone'], ['notes', '/notes']] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (value.trim().length > MAX[key]) bad(pointer, `must be at most ${MAX[key]} characters`);
    changes[key] = orNull(value);
  }
  if (fields.length) throw CommonErrors.validation(fields);
  return changes;
}

export function checkCustomerListQuery(request: { businessId: string; query: string; limit: number; cursor: string }): CustomerListQuery {
  const fields: FieldError[] = [];
  const search = request.query.trim().toLowerCase();
  if (search.length > MAX.search) fields.push({ pointer: '/query/q', detail: `must be at most ${MAX.search} characters` });
  const page = checkPage(request.limit, request.cursor, fields);
  if (fields.length) throw CommonErrors.validation(fields);
  return { businessId: request.businessId, search: search || undefined, ...page };
}

import AjvCompiler, { type Ajv, type RouteDefinition, type ValidatorFactory } from '@fastify/ajv-compiler';
import type { FieldError } from '@omotenashi/errors';

/** One ajv error as Fastify hands it over (`error.validation`). */
export interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

const ajvPool: ValidatorFactory = AjvCompiler();

const sharedOptions = {
  // Unknown fields are an error the client should hear about, never silently dropped.
  removeAdditional: false,
  // Every bad field in one answer. Bounded by the body limit and maxLength/maxItems in every schema.
  allErrors: true,
  useDefaults: true,
} as const;

/** UUIDs as Postgres stores them (ajv-formats would also accept a `urn:uuid:` prefix). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const timeZoneCache = new Map<string, boolean>();

export function isIanaTimeZone(value: string): boolean {
  let known = timeZoneCache.get(value);
  if (known === undefined) {
    // Named zones only (Area/Location, or UTC-like names); offsets such as +09:00 are not zones.
    known = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value) && constructsDateTimeFormat(value);
    if (timeZoneCache.size < 1_000) timeZoneCache.set(value, known);
  }
  return known;
}

function constructsDateTimeFormat(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function addFormats(ajv: Ajv): void {
  ajv.addFormat('uuid', UUID);
  ajv.addFormat('iana-time-zone', { type: 'string', validate: isIanaTimeZone });
  ajv.addFormat('iso-4217', { type: 'string', validate: (value: string) => CURRENCIES.has(value) });
}

/**
 * Fastify's validator factory with two ajv instances: bodies are typed strictly (`"2"` is not a number),
 * while path params, query strings and headers — text by nature — are coerced to their schema types.
 */
export const buildValidator: ValidatorFactory = (externalSchemas) => {
  const strict = ajvPool(externalSchemas, { customOptions: { ...sharedOptions, coerceTypes: false }, onCreate: addFormats });
  const coercing = ajvPool(externalSchemas, { customOptions: { ...sharedOptions, coerceTypes: 'array' }, onCreate: addFormats });
  return (route: RouteDefinition) => (route.httpPart === 'body' ? strict(route) : coercing(route));
};

const FORMAT_NAMES: Record<string, string> = {
  uuid: 'a UUID',
  email: 'an email address',
  date: 'a date (YYYY-MM-DD)',
  'date-time': 'an RFC 3339 date-time with offset (2026-04-01T10:00:00+09:00)',
  'iana-time-zone': 'an IANA time zone (Asia/Tokyo)',
  'iso-4217': 'an ISO 4217 currency code (JPY)',
};

const PART_PREFIX: Record<string, string> = { body: '', querystring: '/query', params: '/params', headers: '/headers' };

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** ajv errors → one FieldError per bad field, each with a JSON Pointer (`/customer/email`, `/query/from`). */
export function fieldErrorsFrom(issues: ValidationIssue[], part: string): FieldError[] {
  const prefix = PART_PREFIX[part] ?? `/${part}`;
  const byPointer = new Map<string, FieldError>();
  for (const issue of issues) {
    const pointer = prefix + pointerOf(issue);
    if (!byPointer.has(pointer)) byPointer.set(pointer, { pointer, detail: detailOf(issue) });
  }
  return [...byPointer.values()];
}

function pointerOf(issue: ValidationIssue): string {
  const { params } = issue;
  if (issue.keyword === 'required') return `${issue.instancePath}/${escapePointer(String(params.missingProperty))}`;
  if (issue.keyword === 'additionalProperties') {
    return `${issue.instancePath}/${escapePointer(String(params.additionalProperty))}`;
  }
  return issue.instancePath;
}

function detailOf(issue: ValidationIssue): string {
  switch (issue.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'enum':
      return `must be one of: ${(issue.params.allowedValues as unknown[]).join(', ')}`;
    case 'format':
      return `must be ${FORMAT_NAMES[String(issue.params.format)] ?? `in ${String(issue.params.format)} format`}`;
    default:
      return issue.message ?? 'is invalid';
  }
}

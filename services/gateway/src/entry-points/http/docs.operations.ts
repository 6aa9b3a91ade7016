import type { Access } from './access';

/**
 * How the OpenAPI document names, groups and explains each route when the route does not say so
 * itself (`schema.operationId`, `schema.tags`, `schema.summary`): all derived from method and path.
 */

/** Areas by path segment; the deepest segment of a path that names one decides its tag. */
const AREAS: Record<string, string> = {
  auth: 'Identity',
  me: 'Identity',
  'api-keys': 'Identity',
  members: 'Identity',
  businesses: 'Businesses',
  hours: 'Businesses',
  closures: 'Businesses',
  services: 'Services',
  resources: 'Resources',
  staff: 'Staff',
  availability: 'Availability',
  bookings: 'Bookings',
  customers: 'Customers',
  review: 'Reviews',
  reviews: 'Reviews',
  payments: 'Payments',
  refund: 'Payments',
  analytics: 'Analytics',
  'audit-logs': 'Analytics',
};

export const TAGS = [
  { name: 'Identity', description: 'Sign-up, tokens and API keys / 登録・トークン・APIキー' },
  { name: 'Businesses', description: 'Businesses, opening hours and closures / 事業者・営業時間・休業日' },
  { name: 'Services', description: 'Bookable services / メニュー' },
  { name: 'Resources', description: 'Rooms, seats and equipment / 設備・席' },
  { name: 'Staff', description: 'Staff, schedules and time off / スタッフ・シフト' },
  { name: 'Availability', description: 'Free slots / 空き枠' },
  { name: 'Bookings', description: 'Bookings and their life cycle / 予約' },
  { name: 'Customers', description: 'Customers of a business / 顧客' },
  { name: 'Reviews', description: 'Reviews / 口コミ' },
  { name: 'Payments', description: 'Payments, refunds and provider webhooks / 決済・返金' },
  { name: 'Analytics', description: 'Reports and audit logs / 分析・監査ログ' },
  { name: 'Operations', description: 'Probes, metrics and this document / 運用' },
];

export function accessLine(access: Access | undefined): string | undefined {
  if (!access) return undefined;
  if ('public' in access) return 'Public: no credentials needed.';
  if ('authenticated' in access) return 'Any signed-in user or API key.';
  return `Roles: ${access.roles.join(', ')} (or an API key of this business).`;
}

const staticSegments = (url: string) =>
  url
    .split('/')
    .filter((segment) => segment && segment !== 'v1');
const isParam = (segment: string) => segment.startsWith(':') || segment.startsWith('{');

export function tagOf(url: string): string {
  const segments = staticSegments(url).filter((segment) => !isParam(segment));
  for (let i = segments.length - 1; i >= 0; i--) {
    const area = AREAS[segments[i]!];
    if (area) return area;
  }
  return 'Operations';
}

const pascal = (segment: string) =>
  segment
    .split(/[-_]/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');

/** Path segments that name one thing, not a collection, though they may end in "s". */
const NOT_COLLECTIONS = new Set(['hours', 'analytics', 'availability', 'metrics', 'settings', 'status']);
/** Collections whose singular is the same word. */
const SAME_SINGULAR = new Set(['staff']);

const isCollection = (word: string) => SAME_SINGULAR.has(word) || (!NOT_COLLECTIONS.has(word) && singular(word) !== word);

/** `businesses` → `business`, `categories` → `category`, `staff` stays. */
function singular(word: string): string {
  if (SAME_SINGULAR.has(word) || NOT_COLLECTIONS.has(word)) return word;
  if (/ies$/.test(word)) return word.replace(/ies$/, 'y');
  if (/(ss|sh|ch|x)es$/.test(word)) return word.replace(/es$/, '');
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

const VERBS: Record<string, string> = { get: 'get', put: 'replace', patch: 'update', delete: 'delete', post: 'post' };

/**
 * `POST /v1/businesses` → createBusiness, `GET /v1/businesses` → listBusinesses,
 * `GET /v1/businesses/:businessId/services/:serviceId` → getBusinessService,
 * `POST …/bookings/:bookingId/cancel` → cancelBusinessBooking, `PUT …/hours` → replaceBusinessHours,
 * `POST /v1/auth/token` → authToken.
 */
export function operationIdOf(method: string, url: string): string {
  const segments = staticSegments(url);
  const last = segments[segments.length - 1] ?? '';
  const beforeLast = segments[segments.length - 2];
  // A segment followed by an id names one item of its collection.
  const nouns = segments.flatMap((segment, i) => {
    if (isParam(segment)) return [];
    const next = segments[i + 1];
    return [next !== undefined && isParam(next) ? singular(segment) : segment];
  });
  const verb = method.toLowerCase();
  let words: string[];
  if (isParam(last) || (verb !== 'get' && verb !== 'post')) words = [VERBS[verb] ?? verb, ...nouns];
  else if (verb === 'get') words = [isCollection(last) ? 'list' : 'get', ...nouns];
  else if (isCollection(last)) words = ['create', ...nouns.slice(0, -1), singular(last)];
  else if (beforeLast !== undefined && isParam(beforeLast)) words = [last, ...nouns.slice(0, -1)];
  else words = nouns;
  return camel(words);
}

function camel(words: string[]): string {
  const joined = words.map(pascal).join('');
  return joined.charAt(0).toLowerCase() + joined.slice(1);
}

/** `createBusinessService` → `Create business service`. */
export function humanize(operationId: string): string {
  const words = operationId.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words[0]!.toUpperCase() + words.slice(1);
}

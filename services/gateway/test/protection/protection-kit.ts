import { parseList } from 'structured-headers';

/** One policy of RateLimit-Policy, parsed with an RFC 8941 (structured fields) parser. */
export interface QuotaPolicy {
  policy: string;
  q: number;
  w: number;
}

/** One service limit of RateLimit. */
export interface ServiceLimit {
  policy: string;
  r: number;
  t: number;
}

function single(header: string | null, what: string): [string, Map<string, unknown>] {
  if (header === null) throw new Error(`no ${what} header`);
  const items = parseList(header);
  expect(items).toHaveLength(1);
  const [value, params] = items[0] as [unknown, Map<string, unknown>];
  expect(typeof value).toBe('string'); // draft -10: the policy name is an sf-string
  return [value as string, params];
}

export function rateLimitPolicy(headers: Headers): QuotaPolicy {
  const [policy, params] = single(headers.get('ratelimit-policy'), 'RateLimit-Policy');
  return { policy, q: params.get('q') as number, w: params.get('w') as number };
}

export function rateLimit(headers: Headers): ServiceLimit {
  const [policy, params] = single(headers.get('ratelimit'), 'RateLimit');
  return { policy, r: params.get('r') as number, t: params.get('t') as number };
}

/** The value of one series on GET /metrics (labels in any order), or undefined when it isn't there. */
export function metricSample(metricsText: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of metricsText.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns true (or throws after `timeoutMs`). */
export async function waitFor(probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

// Shared settings of the k6 scripts, all from the environment (k6 run -e NAME=value …):
//   BASE_URL      the gateway, e.g. https://api.example.jp (default http://127.0.0.1:8080)
//   TOKEN         a member's access token (Bearer JWT) of the businesses in BUSINESS_IDS
//   API_KEY       an API key (omk_…) of the first business, for the customers list
//   BUSINESS_IDS  comma-separated business ids to load; without them setup() seeds its own (SEED_BUSINESSES)
//   SEED_BUSINESSES=5  businesses setup() creates through the API when BUSINESS_IDS is empty
//   VUS=20, DURATION=1m  the closed-model scripts; RATE=500 (req/s), MAX_VUS=1000 the mixed one
// Thresholds are the seed's (performance-and-scalability.md): p95 < 500 ms, p99 < 1 s, errors < 0.1 %.
/* global __ENV -- k6 runtime globals */

export const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const VUS = Number(__ENV.VUS || 20);
export const DURATION = __ENV.DURATION || '1m';

export const THRESHOLDS = {
  http_req_duration: ['p(95)<500', 'p(99)<1000'],
  http_req_failed: ['rate<0.001'],
};

/** A closed-model scenario: VUS users looping `exec` for DURATION. */
export function closedModel(exec) {
  return {
    scenarios: { [exec]: { executor: 'constant-vus', vus: VUS, duration: DURATION, exec } },
    thresholds: THRESHOLDS,
  };
}

export function fail(message) {
  throw new Error(message);
}

export const jsonHeaders = (extra = {}) => ({ headers: { 'Content-Type': 'application/json', ...extra } });

// Polls /readyz endpoints: the gateway's says the whole system is ready; each process has its own too.
import http from 'node:http';

/** The HTTP status of GET url, or undefined when nothing answers within `timeoutMs`. */
export function statusOf(url, timeoutMs = 1_000) {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(undefined));
  });
}

/** Resolves true once GET url answers 200, false after `timeoutMs` or when `cancelled()` says so. */
export async function waitFor200(url, timeoutMs, cancelled = () => false) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !cancelled()) {
    if ((await statusOf(url)) === 200) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

/** `[booking:worker] (/readyz 503)` for every planned process whose own /readyz is not 200. */
export async function notReady(plan, metricsHost) {
  const statuses = await Promise.all(plan.map((p) => statusOf(`http://${metricsHost}:${p.metricsPort}/readyz`)));
  return plan.flatMap((p, i) =>
    statuses[i] === 200 ? [] : [`${p.tag} (${statuses[i] === undefined ? 'no answer' : `/readyz ${statuses[i]}`} on :${p.metricsPort})`],
  );
}

import { request } from 'node:http';
import { expectProblem, startHarness, type Harness } from './support/gateway-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('Probes and metrics', () => {
  test('When /healthz is asked, then the process answers 200', async () => {
    const answer = await h.request('GET', '/healthz');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok' });
  });

  test('When every downstream says SERVING, then /readyz is 200 and lists them', async () => {
    const answer = await h.request('GET', '/readyz');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: 'ready',
      downstreams: { catalog: 'SERVING', booking: 'SERVING', payment: 'SERVING', analytics: 'SERVING' },
    });
  });

  test('When a request has been served, then /metrics has the http histogram by route pattern', async () => {
    await h.request('GET', '/v1/businesses/0190a5b4-7c1e-7000-8000-00000000b006');

    const answer = await h.request('GET', '/metrics');

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(answer.body).toMatch(
      /http_request_duration_seconds_bucket\{le="0.5",method="GET",route="\/v1\/businesses\/:businessId",status_code="404"\} 1/,
    );
    expect(answer.body).toMatch(/http_requests_total\{method="GET",route="\/v1\/businesses\/:businessId",status_code="404"\} 1/);
    expect(answer.body).not.toContain('0190a5b4-7c1e-7000-8000-00000000b006');
  });

  test('When the client accepts gzip, then a large response is compressed', async () => {
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      request(`${h.gateway.url}/metrics`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        response.resume();
        resolve(response.headers);
      })
        .on('error', reject)
        .end();
    });

    expect(headers['content-encoding']).toBe('gzip');
  });

  test('When a downstream is stopped, then /readyz is a 503 problem naming it', async () => {
    await h.fakes.stop('payment');

    const answer = await h.request('GET', '/readyz');

    expectProblem(answer, 503, 'GATEWAY.NOT_READY');
    expect(answer.body.detail).toBe('Not ready: payment not serving');
    expect(answer.body.downstreams).toEqual({ catalog: 'SERVING', booking: 'SERVING', payment: 'NOT_SERVING', analytics: 'SERVING' });
  });
});

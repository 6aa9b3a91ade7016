import { loadGatewayConfig } from '../../src/config';

describe('Protection settings', () => {
  test('When nothing is set, then the documented defaults apply', () => {
    const config = loadGatewayConfig({});

    expect(config).toMatchObject({
      RATE_LIMIT_ENABLED: true,
      RATE_LIMIT_ANONYMOUS: { quota: 60, windowSeconds: 60 },
      RATE_LIMIT_USER: { quota: 600, windowSeconds: 60 },
      RATE_LIMIT_API_KEY: { quota: 6000, windowSeconds: 60 },
      RATE_LIMIT_AUTH: { quota: 20, windowSeconds: 60 },
      BREAKER_ERROR_THRESHOLD_PERCENT: 50,
      BREAKER_VOLUME_THRESHOLD: 5,
      BREAKER_ROLLING_WINDOW_MS: 10_000,
      BREAKER_RESET_TIMEOUT_MS: 5_000,
    });
    expect(config.BOOKING_DEADLINE_MS).toBeUndefined();
  });

  test('When quotas are given in s, m or h, then they become requests per window in seconds', () => {
    const config = loadGatewayConfig({ RATE_LIMIT_USER: '100/5m', RATE_LIMIT_API_KEY: '50000/1h', BOOKING_DEADLINE_MS: '800' });

    expect(config.RATE_LIMIT_USER).toEqual({ quota: 100, windowSeconds: 300 });
    expect(config.RATE_LIMIT_API_KEY).toEqual({ quota: 50_000, windowSeconds: 3_600 });
    expect(config.BOOKING_DEADLINE_MS).toBe(800);
  });

  test('When a quota is malformed, then startup fails with one line naming the variable and the expected format', () => {
    expect(() => loadGatewayConfig({ RATE_LIMIT_USER: '600 per minute', RATE_LIMIT_AUTH: '0/60s', BREAKER_ERROR_THRESHOLD_PERCENT: '150' })).toThrow(
      expect.objectContaining({
        problems: [
          'RATE_LIMIT_USER: must be <requests>/<window> with the window in s, m or h, e.g. 60/60s or 1000/1h (got "600 per minute")',
          'RATE_LIMIT_AUTH: must be <requests>/<window> with the window in s, m or h, e.g. 60/60s or 1000/1h (got "0/60s")',
          expect.stringMatching(/^BREAKER_ERROR_THRESHOLD_PERCENT: .* \(got "150"\)$/),
        ],
      }),
    );
  });
});

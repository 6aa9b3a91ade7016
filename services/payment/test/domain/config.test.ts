import { ConfigError } from '@omotenashi/config';
import { loadPaymentConfig } from '../../src/config';

describe('Payment configuration', () => {
  it('When nothing is set outside production, then the sandbox runs with a development secret and the defaults', () => {
    const config = loadPaymentConfig({});
    expect(config).toMatchObject({
      PAYMENT_PROVIDERS: ['sandbox'],
      PAYMENT_SANDBOX_WEBHOOK_URL: 'http://127.0.0.1:8080/v1/payments/webhooks/sandbox',
      PAYMENT_WEBHOOK_TOLERANCE_SECONDS: 300,
      BOOKING_GRPC_URL: '127.0.0.1:50052',
    });
    expect(config.PAYMENT_SANDBOX_WEBHOOK_SECRET.length).toBeGreaterThanOrEqual(16);
  });

  it('When production enables the sandbox without a secret, then start fails naming the variable', () => {
    expect(() => loadPaymentConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadPaymentConfig({ NODE_ENV: 'production' })).toThrow(/PAYMENT_SANDBOX_WEBHOOK_SECRET: is required in production/);
  });

  it('When stripe is enabled without its keys, then both missing keys are named', () => {
    const attempt = () => loadPaymentConfig({ PAYMENT_PROVIDERS: 'stripe' });
    expect(attempt).toThrow(/STRIPE_SECRET_KEY: is required when PAYMENT_PROVIDERS includes stripe/);
    expect(attempt).toThrow(/STRIPE_WEBHOOK_SECRET/);
    expect(loadPaymentConfig({ PAYMENT_PROVIDERS: 'stripe,sandbox', STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' }).PAYMENT_PROVIDERS)
      .toEqual(['stripe', 'sandbox']);
  });

  it('When a provider name is unknown, then start fails', () => {
    expect(() => loadPaymentConfig({ PAYMENT_PROVIDERS: 'paypal' })).toThrow(/PAYMENT_PROVIDERS/);
  });
});

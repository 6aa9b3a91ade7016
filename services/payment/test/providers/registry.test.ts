import { createServiceDataSource } from '@omotenashi/db';
import { buildProviderRegistry, SandboxProvider, StripeProvider, type ProviderSettings } from '../../src/providers';
import { silentLogger } from './providers.harness';

describe('provider registry', () => {
  // The registry only hands the DataSource to the sandbox; nothing here connects.
  const dataSource = createServiceDataSource({ url: 'postgres://postgres@127.0.0.1:5432/postgres', schema: 'payment', environment: 'test' });
  const deps = { dataSource, logger: silentLogger };
  const sandbox = { webhookSecret: 'whsec_sbx', webhookToleranceSeconds: 300 };
  const stripe = { secretKey: 'sk_test_x', webhookSecret: 'whsec_x', webhookToleranceSeconds: 300, timeoutMs: 5_000 };

  it('When both providers are enabled, then the first is the default and each is built once', () => {
    const registry = buildProviderRegistry({ providers: ['stripe', 'sandbox'], sandbox, stripe }, deps);
    expect(registry.names).toEqual(['stripe', 'sandbox']);
    expect(registry.defaultName).toBe('stripe');
    expect(registry.get('stripe')).toBeInstanceOf(StripeProvider);
    expect(registry.get('sandbox')).toBeInstanceOf(SandboxProvider);
    expect(registry.get('sandbox')).toBe(registry.get('sandbox'));
  });

  it('When a provider that is not enabled is asked for, then PROVIDER_UNKNOWN is thrown', () => {
    const registry = buildProviderRegistry({ providers: ['sandbox'], sandbox }, deps);
    expect(() => registry.get('stripe')).toThrow(expect.objectContaining({ name: 'ProviderRequestError', code: 'PROVIDER_UNKNOWN' }));
    expect(() => registry.get('paypal')).toThrow(expect.objectContaining({ code: 'PROVIDER_UNKNOWN' }));
  });

  it('When stripe is enabled without settings, or nothing is enabled, or a secret is empty, then building fails at start', () => {
    expect(() => buildProviderRegistry({ providers: ['stripe'], sandbox }, deps)).toThrow(/stripe provider is enabled but has no settings/);
    expect(() => buildProviderRegistry({ providers: [], sandbox }, deps)).toThrow(/at least one/);
    expect(() => buildProviderRegistry({ providers: ['sandbox'], sandbox: { ...sandbox, webhookSecret: '' } }, deps)).toThrow(/webhook secret/);
    const unknown = { providers: ['paypal'], sandbox } as unknown as ProviderSettings;
    expect(() => buildProviderRegistry(unknown, deps)).toThrow(/unknown payment provider 'paypal'/);
    expect(() => buildProviderRegistry({ providers: ['stripe'], sandbox, stripe: { ...stripe, apiBase: 'ftp://x' } }, deps)).toThrow(/http/);
  });
});

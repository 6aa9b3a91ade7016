import type { Logger } from '@omotenashi/logging';
import type { DataSource } from 'typeorm';
import { ProviderRequestError, type PaymentProvider, type ProviderName } from './payment-provider';
import { SandboxProvider } from './sandbox/sandbox.provider';
import { StripeProvider, type StripeSettings } from './stripe/stripe.provider';

export interface ProviderSettings {
  /** Enabled providers; the first is the default. */
  providers: ProviderName[];
  sandbox: { webhookSecret: string; webhookToleranceSeconds: number; publicBaseUrl?: string };
  /** Required when `stripe` is enabled. */
  stripe?: StripeSettings;
}

export interface ProviderRegistry {
  readonly names: ProviderName[];
  readonly defaultName: ProviderName;
  /** Throws ProviderRequestError `PROVIDER_UNKNOWN` for a provider that is not enabled. */
  get(name: string): PaymentProvider;
}

/** Builds each enabled provider once; a provider that is enabled without its settings fails here, at start. */
export function buildProviderRegistry(settings: ProviderSettings, deps: { dataSource: DataSource; logger: Logger }): ProviderRegistry {
  const names = [...new Set(settings.providers)];
  if (names.length === 0) throw new Error('enable at least one payment provider');
  const providers = new Map<ProviderName, PaymentProvider>();
  for (const name of names) {
    if (name === 'sandbox') {
      providers.set(name, new SandboxProvider(deps.dataSource, settings.sandbox));
    } else if (name === 'stripe') {
      if (!settings.stripe) throw new Error('the stripe provider is enabled but has no settings (secret key, webhook secret)');
      providers.set(name, new StripeProvider(settings.stripe));
    } else {
      throw new Error(`unknown payment provider '${String(name)}'`);
    }
  }
  deps.logger.info({ providers: names, default: names[0] }, 'payment providers ready');
  return {
    names,
    defaultName: names[0],
    get(name: string): PaymentProvider {
      const provider = providers.get(name as ProviderName);
      if (!provider) throw new ProviderRequestError(`unknown provider '${name}'; enabled: ${names.join(', ')}`, 'PROVIDER_UNKNOWN');
      return provider;
    },
  };
}

import { storeWebhook } from '../../data-access/webhook-inbox.repository';
import type { ProviderWebhookEvent } from '../../providers/payment-provider';
import { PaymentErrors } from '../payment.errors';
import type { PaymentDeps } from './payment-deps';

export interface WebhookDelivery {
  provider: string;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Verifies the signature and timestamp over the raw body and stores the event in the inbox once per
 * provider event id. Nothing else happens in the request: the worker processes the inbox.
 */
export async function receiveWebhook(deps: PaymentDeps, delivery: WebhookDelivery): Promise<{ eventId: string; duplicate: boolean }> {
  const provider = deps.providers.provider(delivery.provider);
  const headers = Object.fromEntries(Object.entries(delivery.headers).map(([name, value]) => [name.toLowerCase(), value]));
  let event: ProviderWebhookEvent;
  try {
    event = provider.parseWebhook(delivery.body, headers);
  } catch (error) {
    if ((error as Error)?.name === 'WebhookSignatureError') {
      const reason = (error as { reason?: string }).reason ?? 'bad_signature';
      throw PaymentErrors.webhookSignatureInvalid(reason.replace(/_/g, ' '));
    }
    throw error;
  }
  const stored = await storeWebhook(deps.dataSource.manager, provider.name, event, delivery.body);
  return { eventId: event.id, duplicate: !stored };
}

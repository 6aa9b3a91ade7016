import type { DataSource } from 'typeorm';
import {
  ProviderRequestError,
  type CreateIntentInput,
  type PaymentProvider,
  type ProviderIntent,
  type ProviderIntentStatus,
  type ProviderRefund,
  type ProviderWebhookEvent,
} from '../payment-provider';
import { normaliseStripeShapedEvent } from '../stripe-shaped-event';
import { parseJsonBody } from '../webhook-body';
import { newClientSecret, newIntentId } from './sandbox-ids';
import { intentObject, type IntentRow } from './sandbox-objects';
import { refundIntent } from './sandbox-refund';
import {
  authorized, checkClientSecret, failed, paymentMethodOutcome, requireConfirmable, requireStatus, sameCreateRequest, validateAmount,
  validateCreateInput,
} from './sandbox-rules';
import { DEFAULT_WEBHOOK_TOLERANCE_SECONDS, SANDBOX_SIGNATURE_HEADER, verifySandboxSignature } from './sandbox-signature';
import * as store from './sandbox.store';

export interface SandboxSettings {
  webhookSecret: string;
  /** How far the signature's timestamp may be from now, either way; 300 s when unset or 0. */
  webhookToleranceSeconds?: number;
  /** Prefix for `nextActionUrl`; without it the URL is relative to the public API. */
  publicBaseUrl?: string;
}

/** What the payer's side of a sandbox payment sees after confirming or authenticating. */
export interface SandboxConfirmation {
  status: ProviderIntentStatus;
  nextActionUrl?: string;
  failureCode?: string;
  failureMessage?: string;
}

/**
 * The built-in PSP. It keeps its own state in `sandbox_*` tables, behaves like Stripe for the test
 * payment methods, and reports every change as a signed webhook, queued in the same transaction.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox' as const;

  constructor(private readonly dataSource: DataSource, private readonly settings: SandboxSettings) {
    if (!settings.webhookSecret) throw new Error('the sandbox provider needs a webhook secret');
  }

  async createIntent(input: CreateIntentInput): Promise<ProviderIntent> {
    validateCreateInput(input);
    const requested = {
      amount: input.amount,
      currency: input.currency.toLowerCase(),
      captureMethod: input.captureMethod,
      description: input.description ?? null,
      metadata: { ...input.metadata },
    };
    const intent = await this.dataSource.transaction(async (db) => {
      const id = newIntentId();
      const inserted = await store.insertIntent(db, { id, clientSecret: newClientSecret(id), idempotencyKey: input.idempotencyKey, ...requested });
      if (inserted) return inserted;
      const existing = await store.findIntentByKey(db, input.idempotencyKey);
      if (!existing) throw new Error('sandbox intent vanished after an idempotency conflict');
      if (!sameCreateRequest(existing, requested)) {
        throw new ProviderRequestError('this idempotency key was already used with different parameters', 'idempotency_key_reused');
      }
      return existing;
    });
    return this.toProviderIntent(intent);
  }

  async retrieveIntent(providerPaymentId: string): Promise<ProviderIntent> {
    return this.toProviderIntent(await store.getIntent(this.dataSource.manager, providerPaymentId));
  }

  /** The payer confirms with a test payment method (what Stripe.js does with a card). */
  confirm(providerPaymentId: string, clientSecret: string, paymentMethod: string): Promise<SandboxConfirmation> {
    return this.change(providerPaymentId, (intent) => {
      checkClientSecret(intent, clientSecret);
      requireConfirmable(intent);
      const outcome = paymentMethodOutcome(paymentMethod);
      const transition: Transition = outcome === 'approve' ? authorized(intent)
        : outcome === 'decline' ? failed('card_declined', 'Your card was declined.', 'generic_decline')
        : { changes: { status: 'requires_action', last_payment_error: null }, eventType: 'payment_intent.requires_action' };
      return { ...transition, changes: { ...transition.changes, payment_method: paymentMethod } };
    });
  }

  /** The payer's answer to the 3-D Secure challenge of `pm_card_authenticationRequired`. */
  authenticate(providerPaymentId: string, clientSecret: string, approve: boolean): Promise<SandboxConfirmation> {
    return this.change(providerPaymentId, (intent) => {
      checkClientSecret(intent, clientSecret);
      requireStatus(intent, ['requires_action'], 'authenticate');
      return approve ? authorized(intent) : failed('authentication_failed', 'The customer failed 3-D Secure authentication.');
    });
  }

  async capture(providerPaymentId: string, options: { idempotencyKey: string; amount?: number }): Promise<ProviderIntent> {
    const result = await this.transition(providerPaymentId, (intent) => {
      if (intent.status === 'succeeded' && intent.capture_idempotency_key === options.idempotencyKey) return undefined;
      requireStatus(intent, ['requires_capture'], 'capture');
      const amount = options.amount ?? intent.amount_capturable;
      validateAmount(amount, intent.amount_capturable);
      return {
        changes: { status: 'succeeded', amount_received: amount, amount_capturable: 0, capture_idempotency_key: options.idempotencyKey },
        eventType: 'payment_intent.succeeded',
      };
    });
    return this.toProviderIntent(result);
  }

  async cancel(providerPaymentId: string, options: { idempotencyKey: string }): Promise<ProviderIntent> {
    const result = await this.transition(providerPaymentId, (intent) => {
      if (intent.status === 'canceled' && intent.cancel_idempotency_key === options.idempotencyKey) return undefined;
      requireStatus(intent, ['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture'], 'cancel');
      return {
        changes: { status: 'canceled', amount_capturable: 0, cancellation_reason: 'requested_by_customer', cancel_idempotency_key: options.idempotencyKey },
        canceled: true,
        eventType: 'payment_intent.canceled',
      };
    });
    return this.toProviderIntent(result);
  }

  /** Refunds part or all of what was captured; the same idempotency key returns the same refund. */
  refund(providerPaymentId: string, options: { idempotencyKey: string; amount: number; reason?: string }): Promise<ProviderRefund> {
    return this.dataSource.transaction((db) => refundIntent(db, providerPaymentId, options));
  }

  parseWebhook(rawBody: Buffer, headers: Record<string, string>, now = new Date()): ProviderWebhookEvent {
    const configured = this.settings.webhookToleranceSeconds ?? 0;
    const tolerance = configured > 0 ? configured : DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
    verifySandboxSignature(rawBody, headers[SANDBOX_SIGNATURE_HEADER], this.settings.webhookSecret, tolerance, now);
    return normaliseStripeShapedEvent(parseJsonBody(rawBody));
  }

  /** A payer-side step: applies the change, then answers with what the payer's page shows next. */
  private async change(id: string, decide: (intent: IntentRow) => Transition): Promise<SandboxConfirmation> {
    const intent = await this.transition(id, decide);
    const error = intent.status === 'requires_payment_method' ? intent.last_payment_error : null;
    return {
      status: intent.status,
      nextActionUrl: this.nextActionUrl(intent),
      ...(error ? { failureCode: error.code, failureMessage: error.message } : {}),
    };
  }

  /** Locks the intent, applies the decided change and queues its event, all in one transaction. */
  private transition(id: string, decide: (intent: IntentRow) => Transition | undefined): Promise<IntentRow> {
    return this.dataSource.transaction(async (db) => {
      const intent = await store.getIntent(db, id, true);
      const transition = decide(intent);
      if (!transition) return intent; // a replay of a request already applied with the same idempotency key
      const updated = await store.updateIntent(db, id, { ...transition.changes, canceled: transition.canceled });
      await store.enqueueEvent(db, transition.eventType, id, intentObject(updated, this.nextActionUrl(updated)));
      return updated;
    });
  }

  private nextActionUrl(intent: IntentRow): string | undefined {
    if (intent.status !== 'requires_action') return undefined;
    const base = (this.settings.publicBaseUrl ?? '').replace(/\/+$/, '');
    return `${base}/v1/payments/sandbox/intents/${encodeURIComponent(intent.id)}/authenticate`;
  }

  private toProviderIntent(intent: IntentRow): ProviderIntent {
    const nextActionUrl = this.nextActionUrl(intent);
    return {
      providerPaymentId: intent.id,
      status: intent.status,
      clientSecret: intent.client_secret,
      amount: intent.amount,
      currency: intent.currency,
      ...(nextActionUrl ? { nextActionUrl } : {}),
    };
  }
}

interface Transition {
  changes: store.IntentChanges;
  eventType: string;
  canceled?: boolean;
}

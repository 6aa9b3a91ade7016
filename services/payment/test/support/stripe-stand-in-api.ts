import { randomBytes } from 'node:crypto';

/**
 * The state and routes of the Stripe stand-in: enough of Stripe's PaymentIntents and Refunds API for
 * the official SDK, with Stripe's object shapes, statuses, error bodies and status codes.
 */
export interface StandInIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  capture_method: 'automatic' | 'manual';
  cancellation_reason: string | null;
  client_secret: string;
  created: number;
  currency: string;
  description: string | null;
  last_payment_error: { type: string; code: string; decline_code?: string; message: string } | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Record<string, string>;
  next_action: { type: 'redirect_to_url'; redirect_to_url: { url: string; return_url: string | null } } | null;
  payment_method: string | null;
  status: string;
  /** Not a Stripe field on the wire: kept to check refunds; stripped from responses. */
  amount_refunded?: number;
}

export interface StandInResponse {
  status: number;
  body: unknown;
}

type Params = Record<string, unknown>;

export class StandInError extends Error {
  constructor(readonly status: number, readonly type: string, readonly code: string | undefined, message: string, readonly extra: Params = {}) {
    super(message);
  }
  toResponse(): StandInResponse {
    return { status: this.status, body: { error: { type: this.type, ...(this.code ? { code: this.code } : {}), message: this.message, ...this.extra } } };
  }
}

const token = (bytes: number) => randomBytes(bytes).toString('hex');
const now = () => Math.floor(Date.now() / 1000);
const invalid = (code: string, message: string, param?: string) =>
  new StandInError(400, 'invalid_request_error', code, message, param ? { param } : {});

function positiveInteger(value: unknown, param: string, max = 99_999_999): number {
  if (value === undefined || value === '') throw invalid('parameter_missing', `Missing required param: ${param}.`, param);
  const number = Number(value);
  if (!/^\d+$/.test(String(value)) || !Number.isSafeInteger(number)) throw invalid('parameter_invalid_integer', `Invalid integer: ${String(value)}`, param);
  if (number < 1) throw invalid('amount_too_small', `${param} must be at least 1`, param);
  if (number > max) throw invalid('amount_too_large', `${param} must be no more than ${max}`, param);
  return number;
}

/** Only Stripe-visible fields. */
export const publicIntent = ({ amount_refunded: _refunded, ...intent }: StandInIntent) => intent;

export class StandInApi {
  readonly intents = new Map<string, StandInIntent>();
  readonly creates = new Map<string, number>();
  charges = 0;
  refunds = 0;

  constructor(private readonly apiBase: () => string) {}

  createIntent(params: Params, idempotencyKey: string | undefined): StandInResponse {
    const amount = positiveInteger(params.amount, 'amount');
    const currency = String(params.currency ?? '');
    if (!/^[a-z]{3}$/i.test(currency)) throw invalid('parameter_invalid_string', `Invalid currency: ${currency}`, 'currency');
    const captureMethod = params.capture_method ?? 'automatic';
    if (captureMethod !== 'automatic' && captureMethod !== 'manual') throw invalid('parameter_invalid_string', 'Invalid capture_method', 'capture_method');
    const id = `pi_${token(12)}`;
    const intent: StandInIntent = {
      id, object: 'payment_intent', amount, amount_capturable: 0, amount_received: 0, amount_refunded: 0,
      capture_method: captureMethod, cancellation_reason: null, client_secret: `${id}_secret_${token(12)}`, created: now(),
      currency: currency.toLowerCase(), description: typeof params.description === 'string' ? params.description : null,
      last_payment_error: null, latest_charge: null, livemode: false, metadata: { ...(params.metadata as Record<string, string>) },
      next_action: null, payment_method: null, status: 'requires_payment_method',
    };
    this.intents.set(id, intent);
    const key = idempotencyKey ?? '';
    this.creates.set(key, (this.creates.get(key) ?? 0) + 1);
    return { status: 200, body: publicIntent(intent) };
  }

  retrieve(id: string): StandInIntent {
    const intent = this.intents.get(id);
    if (!intent) {
      throw new StandInError(404, 'invalid_request_error', 'resource_missing', `No such payment_intent: '${id}'`, { param: 'intent' });
    }
    return intent;
  }

  confirm(id: string, params: Params): StandInResponse {
    const intent = this.retrieve(id);
    this.requireStatus(intent, ['requires_payment_method', 'requires_confirmation', 'requires_action'], 'confirm');
    const paymentMethod = String(params.payment_method ?? intent.payment_method ?? '');
    intent.payment_method = paymentMethod;
    if (paymentMethod === 'pm_card_visa') return this.authorize(intent);
    if (paymentMethod === 'pm_card_chargeDeclined') {
      const error = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };
      Object.assign(intent, { status: 'requires_payment_method', last_payment_error: error, next_action: null });
      return new StandInError(402, 'card_error', 'card_declined', error.message, { decline_code: 'generic_decline', payment_intent: publicIntent(intent) }).toResponse();
    }
    if (paymentMethod === 'pm_card_authenticationRequired') {
      const url = `${this.apiBase()}/_stand-in/3ds/${id}`;
      Object.assign(intent, { status: 'requires_action', next_action: { type: 'redirect_to_url', redirect_to_url: { url, return_url: null } } });
      return { status: 200, body: publicIntent(intent) };
    }
    throw invalid('resource_missing', `No such PaymentMethod: '${paymentMethod}'`, 'payment_method');
  }

  /** The payer's answer to the 3-D Secure page. */
  authenticate(id: string, approve: boolean): StandInResponse {
    const intent = this.retrieve(id);
    this.requireStatus(intent, ['requires_action'], 'authenticate');
    if (approve) return this.authorize(intent);
    const error = { type: 'card_error', code: 'payment_intent_authentication_failure', message: 'The provided PaymentMethod has failed authentication.' };
    Object.assign(intent, { status: 'requires_payment_method', last_payment_error: error, next_action: null });
    return { status: 200, body: publicIntent(intent) };
  }

  capture(id: string, params: Params): StandInResponse {
    const intent = this.retrieve(id);
    this.requireStatus(intent, ['requires_capture'], 'capture');
    const amount = params.amount_to_capture === undefined ? intent.amount_capturable : positiveInteger(params.amount_to_capture, 'amount_to_capture', intent.amount_capturable);
    Object.assign(intent, { status: 'succeeded', amount_received: amount, amount_capturable: 0 });
    return { status: 200, body: publicIntent(intent) };
  }

  cancel(id: string, params: Params): StandInResponse {
    const intent = this.retrieve(id);
    this.requireStatus(intent, ['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture'], 'cancel');
    Object.assign(intent, {
      status: 'canceled', amount_capturable: 0, next_action: null,
      cancellation_reason: typeof params.cancellation_reason === 'string' ? params.cancellation_reason : null,
    });
    return { status: 200, body: publicIntent(intent) };
  }

  refund(params: Params): StandInResponse {
    const intent = this.retrieve(String(params.payment_intent ?? ''));
    this.requireStatus(intent, ['succeeded'], 'refund');
    const remaining = intent.amount_received - (intent.amount_refunded ?? 0);
    if (remaining === 0) throw invalid('charge_already_refunded', `Charge ${intent.latest_charge} has already been refunded.`);
    const amount = params.amount === undefined ? remaining : positiveInteger(params.amount, 'amount', remaining);
    intent.amount_refunded = (intent.amount_refunded ?? 0) + amount;
    this.refunds++;
    const refund = {
      id: `re_${token(12)}`, object: 'refund', amount, charge: intent.latest_charge, created: now(), currency: intent.currency,
      metadata: { ...(params.metadata as Record<string, string>) }, payment_intent: intent.id,
      reason: typeof params.reason === 'string' ? params.reason : null, status: 'succeeded',
    };
    return { status: 200, body: refund };
  }

  private authorize(intent: StandInIntent): StandInResponse {
    this.charges++;
    const automatic = intent.capture_method === 'automatic';
    Object.assign(intent, {
      status: automatic ? 'succeeded' : 'requires_capture',
      amount_received: automatic ? intent.amount : 0,
      amount_capturable: automatic ? 0 : intent.amount,
      last_payment_error: null,
      next_action: null,
      latest_charge: `ch_${token(12)}`,
    });
    return { status: 200, body: publicIntent(intent) };
  }

  private requireStatus(intent: StandInIntent, allowed: string[], action: string): void {
    if (!allowed.includes(intent.status)) {
      throw invalid('payment_intent_unexpected_state',
        `You cannot ${action} this PaymentIntent because it has a status of ${intent.status}.`);
    }
  }
}

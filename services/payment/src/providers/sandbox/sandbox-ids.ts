import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random base62, from the CSPRNG: client secrets must not be guessable. */
function randomToken(length: number): string {
  let token = '';
  for (let i = 0; i < length; i++) token += ALPHABET[randomInt(ALPHABET.length)];
  return token;
}

export const newIntentId = () => `pi_sbx_${randomToken(24)}`;
export const newClientSecret = (intentId: string) => `${intentId}_secret_${randomToken(25)}`;
export const newRefundId = () => `re_sbx_${randomToken(24)}`;
export const newEventId = () => `evt_sbx_${randomToken(24)}`;
/** A sandbox intent has at most one charge; its id is derived so events can name it without another table. */
export const chargeIdOf = (intentId: string) => intentId.replace(/^pi_sbx_/, 'ch_sbx_');

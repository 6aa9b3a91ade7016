import type { ApiKey } from '../identity';
import { IdentityErrors } from '../identity.errors';
import { newApiKey } from '../secrets';
import type { IdentityDeps } from './identity-deps';

/** The key is returned once, here; only its hash and first characters are kept. */
export async function createApiKey(
  deps: IdentityDeps,
  input: { businessId: string; name: string; createdBy: string },
): Promise<{ apiKey: ApiKey; key: string }> {
  const { secret, hash, displayPrefix } = newApiKey();
  const apiKey = await deps.apiKeys.create({ ...input, keyHash: hash, prefix: displayPrefix });
  return { apiKey, key: secret };
}

export const listApiKeys = (deps: IdentityDeps, businessId: string): Promise<ApiKey[]> => deps.apiKeys.list(businessId);

/** Revoked keys stop working at the next request: the cached lookup is dropped with the revoke. */
export async function revokeApiKey(deps: IdentityDeps, businessId: string, keyId: string): Promise<void> {
  const keyHash = await deps.apiKeys.revoke(businessId, keyId);
  if (!keyHash) throw IdentityErrors.apiKeyNotFound();
  await deps.cache.dropApiKey(keyHash);
}

import { randomUUID } from 'node:crypto';
import type { Harness } from '../../support/gateway-harness';

export const PASSWORD = 'correct horse battery staple';

export interface Person {
  userId: string;
  email: string;
  accessToken: string;
  refreshToken: string;
  /** Headers that make a harness request go as this person. */
  auth: { authorization: string };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A new account with a unique email, signed in. */
export async function signUp(h: Harness, name: string): Promise<Person> {
  const email = `${name}-${randomUUID().slice(0, 8)}@example.test`;
  const answer = await h.request('POST', '/v1/auth/signup', {
    anonymous: true,
    body: { email, password: PASSWORD, display_name: name, locale: 'ja' },
  });
  if (answer.status !== 201) throw new Error(`sign-up of ${name} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return {
    userId: answer.body.user.id,
    email,
    accessToken: answer.body.access_token,
    refreshToken: answer.body.refresh_token,
    auth: bearer(answer.body.access_token),
  };
}

export const businessBody = (slug: string) => ({
  slug: `${slug}-${randomUUID().slice(0, 6)}`,
  display_name_ja: 'テスト',
  display_name_en: 'Test',
  category: 'hair',
  timezone: 'Asia/Tokyo',
});

/** A business created by `owner` through the API (so `owner` is its owner). */
export async function createBusiness(h: Harness, owner: Person, slug = 'salon'): Promise<string> {
  const answer = await h.request('POST', '/v1/businesses', { headers: owner.auth, body: businessBody(slug) });
  if (answer.status !== 201) throw new Error(`business creation failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.id;
}

/** Adds `person` to the business with `role`, as `by`. */
export async function addMember(h: Harness, businessId: string, by: Person, person: Person, role: string): Promise<void> {
  const answer = await h.request('POST', `/v1/businesses/${businessId}/members`, { headers: by.auth, body: { email: person.email, role } });
  if (answer.status !== 201) throw new Error(`adding ${person.email} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
}

/** A problem body without its per-request id: two answers that must not differ are compared with it. */
export const withoutRequestId = (body: Record<string, unknown>) => {
  const { request_id: _requestId, ...rest } = body;
  return rest;
};

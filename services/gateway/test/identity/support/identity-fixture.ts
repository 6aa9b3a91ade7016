import { createTestInfra } from '@omotenashi/testkit';
import { Pool } from 'pg';
import { migrateIdentitySchema } from '../../../src/data-access/migrate';

/** Known to tests, so they can forge tokens (expired, wrong audience…) the gateway must refuse. */
export const TEST_JWT_SECRET = 'test-only-jwt-secret-0123456789abcdef';

const BUSINESS_IN_PATH = /^\/v1\/businesses\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?]|$)/i;

export interface DefaultCaller {
  userId: string;
  email: string;
  accessToken: string;
  /** The Authorization header, after making the caller owner of the business the path names (if any). */
  headersFor(path: string): Promise<Record<string, string>>;
}

export interface IdentityFixture {
  /** Variables pointing the gateway at this run's database (identity schema migrated) and Redis prefix. */
  env: Record<string, string>;
  databaseUrl: string;
  signUpDefaultCaller(gatewayUrl: string): Promise<DefaultCaller>;
  cleanup(): Promise<void>;
}

/**
 * The identity side of a gateway test: a database of its own with the identity schema, and a default
 * caller for suites about other things (catalog, bookings…) that just need to be allowed in. That
 * caller owns every business a request path names, as if it had created it.
 */
export async function identityFixture(label = 'gateway'): Promise<IdentityFixture> {
  const infra = await createTestInfra(label);
  await migrateIdentitySchema({ DATABASE_URL: infra.databaseUrl, NODE_ENV: 'test' });
  const pool = new Pool({ connectionString: infra.databaseUrl, max: 1, idleTimeoutMillis: 1_000, allowExitOnIdle: true });
  const owned = new Set<string>();

  return {
    databaseUrl: infra.databaseUrl,
    env: {
      DATABASE_URL: infra.databaseUrl,
      REDIS_KEY_PREFIX: infra.redisKeyPrefix,
      JWT_SECRET: TEST_JWT_SECRET,
      // The lowest cost the config allows: tests hash many passwords; production uses 16 or more.
      PASSWORD_SCRYPT_LOG_N: '15',
    },
    async signUpDefaultCaller(gatewayUrl) {
      const email = `default-caller-${Date.now()}@example.test`;
      const response = await fetch(`${gatewayUrl}/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'correct horse battery staple', display_name: 'Test Owner', locale: 'en' }),
      });
      const body = (await response.json()) as { user: { id: string }; access_token: string };
      if (response.status !== 201) throw new Error(`default caller sign-up failed: ${response.status} ${JSON.stringify(body)}`);
      const caller: DefaultCaller = {
        userId: body.user.id,
        email,
        accessToken: body.access_token,
        async headersFor(path) {
          const businessId = BUSINESS_IN_PATH.exec(path)?.[1]?.toLowerCase();
          if (businessId && !owned.has(businessId)) {
            await pool.query(
              `INSERT INTO identity.memberships (user_id, business_id, role) VALUES ($1, $2, 'owner') ON CONFLICT DO NOTHING`,
              [caller.userId, businessId],
            );
            owned.add(businessId);
          }
          return { authorization: `Bearer ${caller.accessToken}` };
        },
      };
      return caller;
    },
    async cleanup() {
      await pool.end().catch(() => undefined);
      await infra.cleanup();
    },
  };
}

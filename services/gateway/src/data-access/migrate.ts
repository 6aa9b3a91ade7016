import { migrateServiceSchema } from '@omotenashi/db';
import type { GatewayConfig } from '../config';
import { IDENTITY_MIGRATIONS } from './migrations';

export const IDENTITY_SCHEMA = 'identity';

export function migrateIdentitySchema(config: Pick<GatewayConfig, 'DATABASE_URL' | 'NODE_ENV'>): Promise<string[]> {
  return migrateServiceSchema({
    url: config.DATABASE_URL,
    schema: IDENTITY_SCHEMA,
    environment: config.NODE_ENV,
    migrations: IDENTITY_MIGRATIONS,
  });
}

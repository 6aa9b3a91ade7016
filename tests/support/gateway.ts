import { createLogger } from '@omotenashi/logging';
import { startGateway, type RunningGateway } from '../../services/gateway/src/app';
import { loadGatewayConfig } from '../../services/gateway/src/config';
import { migrateIdentitySchema } from '../../services/gateway/src/data-access/migrate';
import type { TestPlatform } from './platform';

/**
 * The real gateway in front of a started test platform: on the port the platform reserved for it
 * (`platform.env.PORT`, where the sandbox PSP posts its webhooks) when there is one, else a free port.
 */
export async function startPlatformGateway(platform: TestPlatform, env: Record<string, string> = {}): Promise<RunningGateway> {
  const config = loadGatewayConfig({ ...platform.env, PORT: platform.env.PORT || '0', HOST: '127.0.0.1', ...env });
  await migrateIdentitySchema(config);
  return startGateway(config, createLogger('gateway-server', { level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
}

export interface JsonAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON answers
  body: any;
}

/** fetch with JSON in and out, for tests that speak to the gateway as an external app would. */
export async function call(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import swagger from '@fastify/swagger';
import type { FastifyPluginAsync, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Access } from './access';
import { finishDocument } from './docs.document';
import { accessLine, humanize, operationIdOf, tagOf, TAGS } from './docs.operations';

/**
 * The OpenAPI 3.1 document of every route, generated from the routes themselves: their JSON schemas
 * (named by `$id`, collected in components/schemas), their `config.access` (→ `security` and a
 * "Roles:" line), a tag per area and an operationId derived from method and path unless the route
 * sets `schema.operationId`. Registered before any route, so it sees routes added later by anyone.
 * Served at `GET /openapi.json`; Swagger UI (docs.plugin.ts) reads the same document.
 */

export interface OpenApiOptions {
  /** The API's base URL as clients reach it; relative `/` when unset. */
  publicBaseUrl?: string;
}

/** The gateway package's version (src/ and dist/ sit at the same depth below it). */
const VERSION = (JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

export const SECURITY_SCHEMES = {
  bearer_jwt: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Access token from POST /v1/auth/token (people: owner, manager or staff of a business)',
  },
  api_key: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'omk_…',
    description: 'API key `omk_…` from POST /v1/businesses/{businessId}/api-keys, scoped to that one business',
  },
} as const;

const SIGNED_IN = [{ bearer_jwt: [] }, { api_key: [] }];

const DESCRIPTION = `Public REST API of Omotenashi Connect, a multi-tenant booking platform for Japanese service businesses.
おもてなしコネクトの公開 REST API です。

- JSON bodies in snake_case; times RFC 3339 with offset; money in minor units with an ISO 4217 currency.
- Bilingual fields come as \`*_ja\` / \`*_en\`; \`Accept-Language\` (ja by default, or en) picks \`display_name\` / \`name\`.
- Lists take \`limit\` (default 20, max 100), an opaque \`cursor\` and \`fields=a,b\`, and answer \`{"data": [...], "next_cursor": ...}\`.
- Errors are RFC 9457 \`application/problem+json\` with a stable \`code\` and the \`request_id\`.
- GET answers carry a weak \`ETag\`; send it back in \`If-None-Match\` to get \`304 Not Modified\`.`;

const openApiPlugin: FastifyPluginAsync<OpenApiOptions> = async (app, { publicBaseUrl }) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Omotenashi Connect API / おもてなしコネクト API',
        version: VERSION,
        description: DESCRIPTION,
        license: { name: 'Apache 2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: publicBaseUrl ?? '/', description: publicBaseUrl ? 'Public API' : 'This gateway' }],
      tags: TAGS,
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `Schema${i}`) },
    transform: ({ schema, url, route }) => ({ schema: describeRoute(schema as RouteSchema, url, route), url }),
    transformObject: (generated) => finishDocument('openapiObject' in generated ? (generated.openapiObject as Record<string, unknown>) : {}),
  });

  app.get('/openapi.json', { schema: { hide: true } }, async (_request, reply) => reply.type('application/json').send(app.swagger()));
};

export const openapiPlugin = fp(openApiPlugin, { name: 'openapi' });

type RouteSchema = Record<string, unknown> | undefined;

/** Adds what the docs need and the route left out: tag, operationId, summary, security. */
export function describeRoute(schema: RouteSchema, url: string, route: RouteOptions): Record<string, unknown> {
  const method = String(Array.isArray(route.method) ? route.method[0] : route.method);
  const access = (route.config as { access?: Access } | undefined)?.access;
  const given = schema ?? {};
  const operationId = (given.operationId as string | undefined) ?? operationIdOf(method, url);
  const description = [given.description, accessLine(access)].filter(Boolean).join('\n\n');
  return {
    ...given,
    tags: given.tags ?? [tagOf(url)],
    operationId,
    summary: given.summary ?? humanize(operationId),
    ...(description ? { description } : {}),
    ...(access ? { security: 'public' in access ? [] : SIGNED_IN } : {}),
  };
}


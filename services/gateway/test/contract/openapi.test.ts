import { startHarness, type Harness } from '../support/gateway-harness';
import { nonSnakeCaseNames, operationsOf, registeredRoutes, validateOpenApi, type Json } from './support/openapi';

let h: Harness;
let document: Json;
beforeAll(async () => {
  h = await startHarness();
  const answer = await h.request('GET', '/openapi.json', { anonymous: true });
  expect(answer.status).toBe(200);
  document = answer.body;
});
afterAll(() => h.close());

const apiRoutes = () =>
  registeredRoutes(h.gateway.app.printRoutes({ commonPrefix: false })).filter(
    (route) => route.path.startsWith('/v1/') && route.method !== 'HEAD' && route.method !== 'OPTIONS',
  );

describe('GET /openapi.json', () => {
  test('When the document is checked by an OpenAPI validator, then it is a valid OpenAPI 3.1 document', async () => {
    const result = await validateOpenApi(document);

    expect(result.errors).toBeUndefined();
    expect(result).toMatchObject({ valid: true, version: '3.1' });
    expect(document.openapi).toBe('3.1.0');
  });

  test('When the validator is given a broken copy, then it says so (it is a real check)', async () => {
    const broken = structuredClone(document);
    broken.paths['/v1/businesses'].post.responses = { created: { content: 42 } };

    expect((await validateOpenApi(broken)).valid).toBe(false);
  });

  test('When any /v1 route is registered, then it is documented with its own operation', () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(5);
    expect(routes).toContainEqual({ method: 'POST', path: '/v1/businesses' });
    expect(routes).toContainEqual({ method: 'GET', path: '/v1/businesses/{businessId}/services/{serviceId}' });

    const missing = routes.filter((route) => !document.paths[route.path]?.[route.method.toLowerCase()]);
    expect(missing).toEqual([]);
  });

  test('When an operation is documented, then it has a unique operationId, a tag, a summary and its problems', () => {
    const tagNames = new Set((document.tags as Json[]).map((tag) => tag.name));
    const ids = new Set<string>();
    for (const { method, path, operation } of operationsOf(document).filter((op) => op.path.startsWith('/v1/'))) {
      const at = `${method.toUpperCase()} ${path}`;
      expect([at, operation.operationId]).toEqual([at, expect.stringMatching(/^[a-z][A-Za-z0-9]*$/)]);
      expect(ids.has(operation.operationId)).toBe(false);
      ids.add(operation.operationId);
      expect([at, tagNames.has(operation.tags?.[0])]).toEqual([at, true]);
      expect(operation.summary).toEqual(expect.any(String));
      const success = Object.keys(operation.responses).filter((status) => /^2/.test(status));
      expect([at, success.length]).toEqual([at, expect.any(Number)]);
      expect(success.length).toBeGreaterThan(0);
      for (const range of ['4XX', '5XX']) {
        expect([at, operation.responses[range]?.content?.['application/problem+json']?.schema]).toEqual([
          at,
          { $ref: '#/components/schemas/Problem' },
        ]);
      }
    }
  });

  test("When a route declares its access, then the operation's security and description follow it", () => {
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['api_key', 'bearer_jwt']);
    expect(document.components.securitySchemes.bearer_jwt).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const { method, path, operation } of operationsOf(document).filter((op) => op.path.startsWith('/v1/'))) {
      const at = `${method.toUpperCase()} ${path}`;
      expect([at, Array.isArray(operation.security)]).toEqual([at, true]);
      if (operation.security.length === 0) {
        expect([at, operation.description]).toEqual([at, expect.stringContaining('Public')]);
      } else {
        expect([at, operation.security]).toEqual([at, [{ bearer_jwt: [] }, { api_key: [] }]]);
        expect([at, operation.description]).toEqual([at, expect.stringMatching(/Roles: (owner|manager|staff)|Any signed-in/)]);
      }
    }
    expect(document.paths['/v1/businesses'].post.security).toHaveLength(2);
  });

  test('When request and answer schemas have an $id, then they are components referenced by name', () => {
    const schemas = document.components.schemas as Json;
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['Problem', 'CreateBusinessBody', 'Business']));
    const create = document.paths['/v1/businesses'].post;
    expect(create.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateBusinessBody' });
    expect(create.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Business' });

    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    const unresolved = refs
      .map((ref) => ref.slice(8, -1))
      .filter((ref) => {
        const [, kind, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(ref) ?? [];
        return !kind || !document.components[kind]?.[name!];
      });
    expect(unresolved).toEqual([]);
  });

  test('When the document is read, then it names the API in both languages, its server, tags and licence', () => {
    expect(document.info.title).toMatch(/Omotenashi Connect.*おもてなし/);
    expect(document.info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(document.info.license).toEqual({ name: 'Apache 2.0', identifier: 'Apache-2.0' });
    expect(document.servers).toEqual([{ url: '/', description: 'This gateway' }]);
    expect(document.paths['/openapi.json']).toBeUndefined();
    expect(Object.keys(document.paths).some((path) => path.startsWith('/docs'))).toBe(false);
  });

  test('When a GET is documented, then it says how to revalidate and which language it answers in', () => {
    const get = document.paths['/v1/businesses/{businessId}'].get;

    expect(get.responses['304']).toBeDefined();
    expect(get.responses['200'].headers).toEqual(
      expect.objectContaining({ ETag: expect.any(Object), 'Content-Language': expect.any(Object), 'X-Request-Id': expect.any(Object) }),
    );
    expect(get.parameters).toEqual(expect.arrayContaining([{ $ref: '#/components/parameters/AcceptLanguage' }]));
  });

  test('When Swagger UI asks for the document, then it gets the same one', async () => {
    const answer = await h.request('GET', '/docs/json', { anonymous: true });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(document);
  });
});

describe('snake_case public contract', () => {
  test('When every request and answer schema is walked, then no property or query parameter is camelCase', () => {
    expect(nonSnakeCaseNames(document)).toEqual([]);
  });

  test('When a schema has a camelCase property, then the walk reports where', () => {
    const tainted = structuredClone(document);
    tainted.components.schemas.Business.properties.displayName = { type: 'string' };
    tainted.paths['/v1/businesses'].get.parameters.push({ in: 'query', name: 'pageSize', schema: { type: 'integer' } });

    expect(nonSnakeCaseNames(tainted)).toEqual(
      expect.arrayContaining(['GET /v1/businesses query parameter pageSize', expect.stringMatching(/Business\/properties\/displayName$/)]),
    );
  });
});

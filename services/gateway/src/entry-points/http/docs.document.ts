/**
 * The last pass over the generated OpenAPI document: every titled object schema (each route's `$id`
 * schemas carry a `title` of the same name) moves to components/schemas and is referenced from there;
 * problem answers get their real media type; every answer its headers; GETs their 304.
 */

type Json = Record<string, unknown>;

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

const STATUS_TEXT: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'No Content',
  '4XX': 'Client error: RFC 9457 problem details',
  '5XX': 'Server error: RFC 9457 problem details',
};

export const COMMON_HEADERS = {
  'X-Request-Id': {
    description: "The request's id (yours when you sent a sane one); quote it when reporting a problem",
    schema: { type: 'string' },
  },
  ETag: { description: 'Weak validator of the answer; send it in If-None-Match', schema: { type: 'string' } },
  'Content-Language': { description: 'ja or en, as negotiated from Accept-Language', schema: { type: 'string', enum: ['ja', 'en'] } },
};

export const COMMON_PARAMETERS = {
  AcceptLanguage: {
    name: 'Accept-Language',
    in: 'header',
    required: false,
    description: 'ja (default) or en, with q-values; picks display_name / name',
    schema: { type: 'string', examples: ['en', 'ja', 'en-US,en;q=0.9,ja;q=0.8'] },
  },
  IfNoneMatch: {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'ETag of a copy you hold: 304 Not Modified when it is still current',
    schema: { type: 'string' },
  },
};

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

export function finishDocument(document: Json): Json {
  const components = (document.components ??= {}) as Json;
  const schemas = (components.schemas ??= {}) as Record<string, Json>;
  components.headers = { ...(components.headers as Json), ...COMMON_HEADERS };
  components.parameters = { ...(components.parameters as Json), ...COMMON_PARAMETERS };
  const hoist = schemaHoister(schemas);
  const operationIds = new Set<string>();

  for (const [path, pathItem] of Object.entries((document.paths ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [method, operation] of Object.entries(pathItem)) {
      const isApi = path.startsWith('/v1/');
      operation.operationId = uniqueName(operationIds, String(operation.operationId ?? `${method}${path}`));
      const body = (operation.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
      for (const media of Object.values(body ?? {})) if (media.schema) media.schema = hoist(media.schema as Json);

      const responses = (operation.responses ??= {}) as Record<string, Json>;
      for (const [status, response] of Object.entries(responses)) finishResponse(status, response, method, isApi, hoist);
      if (method === 'get' && isApi) {
        responses['304'] = { description: 'Not Modified: If-None-Match matched the current ETag' };
        operation.parameters = [...((operation.parameters as Json[]) ?? []), ref('parameters', 'AcceptLanguage'), ref('parameters', 'IfNoneMatch')];
      }
    }
  }
  return document;
}

function finishResponse(status: string, response: Json, method: string, isApi: boolean, hoist: (schema: Json) => Json): void {
  if (!response.description || response.description === 'Default Response') response.description = STATUS_TEXT[status] ?? 'Answer';
  const content = response.content as Record<string, Json> | undefined;
  for (const media of Object.values(content ?? {})) if (media.schema) media.schema = hoist(media.schema as Json);
  const isProblem = /^[45]/.test(status);
  if (isProblem && content?.['application/json']) {
    response.content = { [PROBLEM_MEDIA_TYPE]: content['application/json'] };
  }
  const headers: Json = { 'X-Request-Id': ref('headers', 'X-Request-Id') };
  if (isApi && !isProblem) headers['Content-Language'] = ref('headers', 'Content-Language');
  if (method === 'get' && status === '200') headers.ETag = ref('headers', 'ETag');
  response.headers = { ...headers, ...(response.headers as Json) };
}

const CHILD_MAPS = ['properties', 'patternProperties', '$defs'] as const;
const CHILD_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;
const CHILD_SCHEMAS = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'] as const;

/** Replaces each titled object schema by a $ref to components/schemas/<title> (equal schemas share one). */
function schemaHoister(schemas: Record<string, Json>): (schema: Json) => Json {
  const hoist = (schema: Json): Json => {
    if (typeof schema !== 'object' || schema === null || '$ref' in schema) return schema;
    const copy: Json = { ...schema };
    for (const key of CHILD_MAPS) {
      const map = copy[key] as Record<string, Json> | undefined;
      if (map) copy[key] = Object.fromEntries(Object.entries(map).map(([name, child]) => [name, hoist(child)]));
    }
    for (const key of CHILD_LISTS) if (Array.isArray(copy[key])) copy[key] = (copy[key] as Json[]).map(hoist);
    for (const key of CHILD_SCHEMAS) if (typeof copy[key] === 'object') copy[key] = hoist(copy[key] as Json);

    const title = typeof copy.title === 'string' ? copy.title.replace(/[^A-Za-z0-9._-]/g, '_') : undefined;
    if (!title || !(copy.type === 'object' || copy.properties)) return copy;
    return ref('schemas', nameFor(schemas, title, copy));
  };
  return hoist;
}

/** operationIds must be unique: a second route deriving the same one gets `_2` (give it its own `schema.operationId`). */
function uniqueName(taken: Set<string>, name: string): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name}_${n}`;
  taken.add(candidate);
  return candidate;
}

/** The component name for a schema: its title, or title_2… when another schema already took it. */
function nameFor(schemas: Record<string, Json>, title: string, schema: Json): string {
  const text = JSON.stringify(schema);
  for (let n = 1; ; n++) {
    const name = n === 1 ? title : `${title}_${n}`;
    if (!schemas[name]) {
      schemas[name] = schema;
      return name;
    }
    if (JSON.stringify(schemas[name]) === text) return name;
  }
}

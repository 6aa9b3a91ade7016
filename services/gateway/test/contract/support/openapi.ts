import { spawn } from 'node:child_process';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an OpenAPI document is arbitrary JSON
export type Json = Record<string, any>;

const REPO_ROOT = join(__dirname, '..', '..', '..', '..', '..');

/**
 * Validates a document against the official OpenAPI 3.x JSON schemas with @seriousme/openapi-schema-validator.
 * It is ESM-only and Jest runs CommonJS, so it runs in a child Node process fed on stdin.
 */
export async function validateOpenApi(document: Json): Promise<{ valid: boolean; version?: string; errors?: unknown }> {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let text = '';
    process.stdin.setEncoding('utf8').on('data', (chunk) => (text += chunk)).on('end', async () => {
      const validator = new Validator();
      const result = await validator.validate(JSON.parse(text));
      process.stdout.write(JSON.stringify({ ...result, version: validator.version }));
    });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject).on('close', resolve);
    child.stdin.end(JSON.stringify(document));
  });
  if (exitCode !== 0) throw new Error(`validator exited with ${exitCode}: ${stderr}`);
  return JSON.parse(stdout);
}

export interface RegisteredRoute {
  method: string;
  /** In OpenAPI form: `/v1/businesses/{businessId}`. */
  path: string;
}

const TREE_PREFIX = /^((?:│ {3}| {4}|├── |└── )*)(.*)$/u;

/** Every route the app really serves, read from Fastify's own route tree (not from the document under test). */
export function registeredRoutes(printedTree: string): RegisteredRoute[] {
  const stack: string[] = [];
  const routes: RegisteredRoute[] = [];
  for (const line of printedTree.split('\n')) {
    const [, prefix = '', rest = ''] = TREE_PREFIX.exec(line) ?? [];
    if (!rest.trim()) continue;
    const depth = prefix.length / 4 - 1;
    const match = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(rest)!;
    const path = (stack[depth - 1] ?? '') + match[1];
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (match[2] ?? '').split(',').map((m) => m.trim()).filter(Boolean)) {
      routes.push({ method, path: path.replace(/:([A-Za-z0-9_]+)/g, '{$1}') });
    }
  }
  return routes;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

export function operationsOf(document: Json): { method: string; path: string; operation: Json }[] {
  return Object.entries(document.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, operation]) => ({ method, path, operation: operation as Json })),
  );
}

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const CHILD_MAPS = ['properties', 'patternProperties', '$defs'];
const CHILD_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const CHILD_SCHEMAS = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'];

/**
 * Every property name of every request and response body, and every query parameter, that is not
 * snake_case — following $refs into components. Path parameters (`{businessId}`) are URL template
 * names that DESIGN §6 fixes, and headers are not JSON: neither is checked.
 */
export function nonSnakeCaseNames(document: Json): string[] {
  const found: string[] = [];
  const visited = new Set<Json>();
  const visit = (schema: Json | undefined, where: string): void => {
    if (!schema || typeof schema !== 'object') return;
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref.replace('#/components/schemas/', '');
      const target = document.components?.schemas?.[name];
      if (!target) found.push(`${where}: unresolved $ref ${schema.$ref}`);
      return visit(target, `#/components/schemas/${name}`);
    }
    if (visited.has(schema)) return;
    visited.add(schema);
    for (const name of Object.keys(schema.properties ?? {})) {
      if (!SNAKE_CASE.test(name)) found.push(`${where}/properties/${name}`);
    }
    for (const key of CHILD_MAPS) for (const [name, child] of Object.entries(schema[key] ?? {})) visit(child as Json, `${where}/${key}/${name}`);
    for (const key of CHILD_LISTS) (schema[key] ?? []).forEach((child: Json, i: number) => visit(child, `${where}/${key}/${i}`));
    for (const key of CHILD_SCHEMAS) if (typeof schema[key] === 'object') visit(schema[key], `${where}/${key}`);
  };

  for (const { method, path, operation } of operationsOf(document)) {
    const at = `${method.toUpperCase()} ${path}`;
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in === 'query' && !SNAKE_CASE.test(parameter.name)) found.push(`${at} query parameter ${parameter.name}`);
    }
    for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) visit((media as Json).schema, `${at} request ${type}`);
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      for (const [type, media] of Object.entries((response as Json).content ?? {})) visit((media as Json).schema, `${at} ${status} ${type}`);
    }
  }
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) visit(schema as Json, `#/components/schemas/${name}`);
  return found;
}

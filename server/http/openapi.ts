import { z } from 'zod';
import { ApiError } from '../../shared/api/errors.js';
import type { Route } from './route.js';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/** Path and query parameters from an object schema, one OpenAPI parameter per property. */
function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: s,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
  }));
}

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Invalid input; the message names the field',
  '401': 'Not signed in, or the session token is invalid or expired',
  '403': 'The role does not allow this',
  '404': 'Not found',
  '429': 'Rate limited',
};

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */
export function buildOpenApi(routes: readonly Route[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const status = String(r.status ?? (r.response === null && !r.raw ? 204 : 200));
    const headers = r.headers
      ? { headers: Object.fromEntries(Object.entries(r.headers).map(([name, description]) => [name, { description, schema: { type: 'integer' } }])) }
      : {};
    const success: JsonSchema = r.raw
      ? { description: 'OK', ...headers, content: { [r.raw.contentType]: { schema: { type: 'string' } } } }
      : r.response === null
        ? { description: 'No content', ...headers }
        : { description: 'OK', ...headers, content: { 'application/json': { schema: toSchema(r.response, 'output') } } };
    const routeErrors: Record<string, string> = {
      ...(r.body ? { '413': 'The request body is larger than the server accepts' } : {}),
      ...Object.fromEntries(Object.entries(r.errors ?? {}).map(([code, d]) => [code, d as string])),
    };
    const errors = Object.fromEntries(
      Object.entries({ ...ERROR_RESPONSES, ...routeErrors })
        .filter(([code]) => (r.access !== 'public' && r.access !== 'loopback') || !['401', '403'].includes(code))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, description]) => [code, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
    );
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(r.access === 'public' || r.access === 'loopback'
        ? { security: [] }
        : r.access === 'device'
          ? { security: [{ device: [] }] }
          : { 'x-required-role': r.access }),
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(r.body, 'input') } } } } : {}),
      ...(r.upload ? { requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary', maxLength: r.upload.maxBytes } } } } } : {}),
      responses: { [status]: success, ...errors },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Deskside API', version },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        device: { type: 'http', scheme: 'basic', description: 'device id and device secret of an enrolled agent' },
      },
      schemas: { Error: toSchema(ApiError, 'output') },
    },
    paths,
  };
}

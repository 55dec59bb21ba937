import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { route, type Route } from '../../http/route.js';
import { buildOpenApi } from '../../http/openapi.js';

/** Health, metrics and the API description. `allRoutes` is read lazily so the document covers every route. */
export function systemRoutes(deps: AppDeps, allRoutes: () => readonly Route[]) {
  let openapi: unknown;
  return [
    route({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness: the process serves requests (and which cluster node answered)',
      tag: 'system',
      access: 'public',
      response: z.object({ ok: z.literal(true), node: z.string() }),
      handler: () => ({ ok: true as const, node: deps.nodeId }),
    }),
    route({
      method: 'get',
      path: '/metrics',
      summary: 'Prometheus metrics (only from the server machine)',
      tag: 'system',
      access: 'loopback',
      response: z.string(),
      raw: { contentType: 'text/plain; version=0.0.4' },
      async handler({ res }) {
        const text = await deps.metrics.registry.metrics();
        res.setHeader('Content-Type', deps.metrics.registry.contentType);
        res.end(text);
        return text;
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/openapi.json',
      summary: 'This API as an OpenAPI 3.1 document',
      tag: 'system',
      access: 'public',
      response: z.record(z.string(), z.unknown()),
      handler: () => (openapi ??= buildOpenApi(allRoutes(), deps.version)) as Record<string, unknown>,
    }),
  ];
}

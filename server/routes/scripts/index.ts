import { z } from 'zod';
import { ScriptInput, ScriptParams, ScriptView } from '../../../shared/api/scripts.js';
import { addScript, changeScript, deleteScript } from '../../commands/scriptLibrary.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { route } from '../../http/route.js';

/** The script library: technicians read it, admins keep it. */
export function scriptRoutes(deps: AppDeps) {
  const { store } = deps;
  return [
    route({
      method: 'get',
      path: '/api/v1/scripts',
      summary: 'The script library, by name',
      tag: 'scripts',
      access: 'technician',
      response: z.array(ScriptView),
      handler: () => store.scripts.list(),
    }),
    route({
      method: 'get',
      path: '/api/v1/scripts/:id',
      summary: 'One script of the library',
      tag: 'scripts',
      access: 'technician',
      params: ScriptParams,
      response: ScriptView,
      handler: async ({ params }) => (await store.scripts.find(params.id)) ?? Promise.reject(notFound('script')),
    }),
    route({
      method: 'post',
      path: '/api/v1/scripts',
      summary: 'Adds a script (name unique; bash, sh, PowerShell or cmd; a timeout that kills its whole process tree)',
      tag: 'scripts',
      access: 'admin',
      body: ScriptInput,
      response: ScriptView,
      status: 201,
      errors: { 409: 'A script of that name exists already' },
      handler: ({ body, user }) => addScript(store, user!, body),
    }),
    route({
      method: 'put',
      path: '/api/v1/scripts/:id',
      summary: 'Replaces a script; the audit log keeps the hashes of both versions',
      tag: 'scripts',
      access: 'admin',
      params: ScriptParams,
      body: ScriptInput,
      response: ScriptView,
      errors: { 409: 'Another script has that name' },
      handler: ({ params, body, user }) => changeScript(store, user!, params.id, body),
    }),
    route({
      method: 'delete',
      path: '/api/v1/scripts/:id',
      summary: 'Deletes a script from the library',
      tag: 'scripts',
      access: 'admin',
      params: ScriptParams,
      response: null,
      handler: ({ params, user }) => deleteScript(store, user!, params.id),
    }),
  ];
}

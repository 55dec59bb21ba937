import { waitFor } from './agent.js';
import type { TestServer } from './server.js';

/** A transfer's record once it ended (it is written just after the last byte went). */
export const transferEnded = (server: TestServer, token: string, id: string) =>
  waitFor(`transfer ${id} to end`, async () => {
    const t = (await server.api.request('GET', `/api/v1/transfers/${id}`, { token })).body;
    return t.state === 'running' ? undefined : t;
  });

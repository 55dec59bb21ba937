import { CannedReplies } from '../../../shared/api/canned.js';
import { audit } from '../../commands/audit.js';
import type { AppDeps } from '../../deps.js';
import { route } from '../../http/route.js';

const KEY = 'cannedReplies';

export function cannedReplyRoutes(deps: AppDeps) {
  const { store } = deps;
  return [
    route({
      method: 'get',
      path: '/api/v1/canned-replies',
      summary: 'The desk’s canned replies, for the reply box',
      tag: 'tickets',
      access: 'technician',
      response: CannedReplies,
      async handler() {
        const stored = CannedReplies.safeParse(await store.settings.get(KEY));
        return stored.success ? stored.data : [];
      },
    }),
    route({
      method: 'put',
      path: '/api/v1/canned-replies',
      summary: 'Replace the canned replies (titles unique, at most 200)',
      tag: 'tickets',
      access: 'admin',
      body: CannedReplies,
      response: CannedReplies,
      async handler({ body, user }) {
        await store.transaction(async (repos) => {
          await repos.settings.put(KEY, body, new Date().toISOString());
          await audit(repos, user!.username, 'canned_replies.update', null, { count: body.length });
        });
        return body;
      },
    }),
  ];
}

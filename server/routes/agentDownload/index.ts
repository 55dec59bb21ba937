import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ErrorCode } from '../../../shared/protocol/codes.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { route } from '../../http/route.js';
import { AGENT_BUILDS_DIR } from '../../paths.js';

export const AGENT_TARGETS = ['linux-x64', 'win-x64', 'darwin-x64', 'darwin-arm64'] as const;
const DownloadQuery = z.object({ os: z.enum(AGENT_TARGETS).default('linux-x64') });

/** The agent executables `npm run build:agent` made, offered to admins for deployment. */
export function agentDownloadRoutes(_deps: AppDeps) {
  return [
    route({
      method: 'get',
      path: '/api/v1/agent/download',
      summary: 'The agent for one OS, as a .tar.gz of its folder (built by npm run build:agent)',
      tag: 'agents',
      access: 'admin',
      query: DownloadQuery,
      response: z.string(),
      raw: { contentType: 'application/gzip' },
      async handler({ query, res }) {
        const file = path.join(AGENT_BUILDS_DIR, `deskside-agent-${query.os}.tar.gz`);
        const stat = await fs.promises.stat(file).catch(() => null);
        if (!stat) {
          const how = query.os === 'linux-x64' ? 'npm run build:agent' : 'npm run build:agent -- --all';
          throw new AppError(ErrorCode.notFound, `no agent built for ${query.os} on this server: run ${how}`);
        }
        res.setHeader('Content-Type', 'application/gzip');
        res.setHeader('Content-Length', String(stat.size));
        res.setHeader('Content-Disposition', `attachment; filename="deskside-agent-${query.os}.tar.gz"`);
        await new Promise<void>((resolve, reject) => {
          const stream = fs.createReadStream(file);
          stream.on('error', reject);
          res.on('close', resolve);
          stream.pipe(res);
        });
        return '';
      },
    }),
  ];
}

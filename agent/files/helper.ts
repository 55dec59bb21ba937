import fs from 'node:fs';
import { describeZodError } from '../../shared/protocol/codec.js';
import { fromFsError } from './fileError.js';
import { listFolder, partialBytes, statEntry } from './entries.js';
import { HelperRequest, type HelperEvent } from './helperProtocol.js';
import { readPath } from './read.js';
import { allowedPath } from './roots.js';
import { writePath } from './write.js';

const CONTROL_FD = 3;

function control(e: HelperEvent): void {
  fs.writeSync(CONTROL_FD, `${JSON.stringify(e)}\n`);
}

/**
 * `deskside-agent file-helper REQUEST`: one file operation, run by the agent as a child process
 * under the account whose files these are (see manager.ts). Exit status 0 when it succeeded.
 */
export async function runHelper(arg: string | undefined): Promise<number> {
  let req: HelperRequest;
  try {
    const parsed = HelperRequest.safeParse(JSON.parse(Buffer.from(arg ?? '', 'base64').toString('utf8')));
    if (!parsed.success) throw new Error(describeZodError(parsed.error));
    req = parsed.data;
  } catch (err) {
    control({ event: 'error', reason: 'invalid', message: `file helper: bad request (${(err as Error).message})` });
    return 2;
  }
  try {
    if (req.op === 'list') {
      await allowedPath(req.roots, req.path);
      control({ event: 'start', entry: await statEntry(req.path), ...(await listFolder(req.path)) });
    } else if (req.op === 'stat') {
      await allowedPath(req.roots, req.path);
      const entry = await statEntry(req.path).catch((err: unknown) => {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      });
      control({ event: 'start', entry, partialBytes: await partialBytes(req.path) });
    } else if (req.op === 'read') {
      await readPath(req, process.stdout, control);
    } else {
      await writePath(req, process.stdin, control);
    }
    return 0;
  } catch (err) {
    const e = fromFsError(err, req.path);
    control({ event: 'error', reason: e.reason, message: e.message, ...(e.partialBytes !== undefined ? { partialBytes: e.partialBytes } : {}) });
    return 1;
  }
}

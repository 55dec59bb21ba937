import type { z } from 'zod';
import type { DeviceFileParams, TransferView, UploadQuery } from '../../../shared/api/files.js';
import { recordTransfer, startFileOp } from '../../commands/fileTransfer.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { RouteContext } from '../../http/route.js';

type Ctx = RouteContext<z.infer<typeof DeviceFileParams>, z.infer<typeof UploadQuery>, unknown>;

/**
 * Streams the request body to a file on the PC. The body is read only while the PC's window has
 * room (its acknowledgements come as its disk takes the bytes), so TCP holds back the uploader
 * and the server keeps at most one window, whatever the file's size.
 */
export async function upload(deps: AppDeps, { params, query, user, req, res }: Ctx): Promise<TransferView> {
  const max = deps.config.transferMaxBytes;
  if (query.size > max) throw new AppError('payload_too_large', `the file is ${query.size} bytes; one transfer may carry at most ${max} (DESKSIDE_TRANSFER_MAX_MB)`);
  if (query.offset > query.size) throw new AppError('invalid_input', `query.offset: ${query.offset} is past the file's size (${query.size})`);
  const expected = query.size - query.offset;
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) !== expected) {
    throw new AppError('invalid_input', `the body has ${declared} bytes; size ${query.size} from offset ${query.offset} means ${expected}`);
  }
  const op = await startFileOp(deps, user!, params.id, query, { op: 'write', offset: query.offset, size: query.size, sha256: query.sha256 ?? null, archive: null });
  const { transfer } = op;
  const record = await recordTransfer(deps, user!, op, 'upload', query.size).catch((err: unknown) => {
    // Not written down, not done: the PC stops rather than sending into the void.
    transfer.fail(new AppError('unavailable', 'the transfer could not be recorded'), true);
    throw err;
  });
  let received = 0;
  let cancelled = false;
  transfer.onCredit = () => {
    if (transfer.credit > 0 && req.isPaused()) req.resume();
  };
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > expected) {
      transfer.fail(new AppError('invalid_input', `the body is longer than the ${expected} bytes announced`), true);
      return;
    }
    transfer.write(chunk);
    if (transfer.credit <= 0) req.pause();
  });
  req.on('end', () => {
    if (received === expected) transfer.sendEnd();
    else transfer.fail(new AppError('transfer_failed', `the upload stopped at ${received} of ${expected} bytes; it can be resumed`), true);
  });
  res.on('close', () => {
    if (res.writableFinished) return;
    cancelled = true;
    transfer.fail(new AppError('transfer_failed', "the technician's connection closed; the upload can be resumed"), true);
  });
  try {
    const done = await transfer.finished;
    return await record.finish({ ok: true, bytes: done.bytes, sha256: done.sha256 });
  } catch (err) {
    const message = err instanceof AppError ? err.message : 'the transfer failed';
    // What is left of the body is read and dropped, so the error reaches the client and the
    // connection can carry its next request.
    transfer.onCredit = null;
    req.removeAllListeners('data');
    req.resume();
    await record.finish({ ok: false, cancelled, bytes: received, error: message });
    throw err;
  }
}

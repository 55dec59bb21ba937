import type { z } from 'zod';
import type { DeviceFileParams, DownloadQuery, FileLinkParams } from '../../../shared/api/files.js';
import { signedUser } from '../../auth/sessionUser.js';
import { recordTransfer, startFileOp } from '../../commands/fileTransfer.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { RouteContext } from '../../http/route.js';

type Ctx = RouteContext<z.infer<typeof DeviceFileParams>, z.infer<typeof DownloadQuery>, unknown>;

/** `Range: bytes=N-` (a resume) → N; no header → 0. Other ranges are not offered. */
export function rangeStart(header: string | undefined): number {
  if (!header) return 0;
  const m = /^bytes=(\d{1,15})-$/.exec(header.trim());
  if (!m) throw new AppError('invalid_input', 'Range: only "bytes=N-" (resume from byte N) is supported');
  return Number(m[1]);
}

/** A file name as Content-Disposition carries it, for old and new browsers alike. */
export function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const TYPES = { 'tar.gz': 'application/gzip', zip: 'application/zip' } as const;

/**
 * Streams a file (or a packed folder) from the PC to the technician. Each chunk is acknowledged
 * to the PC only once this connection has taken it, so a slow reader slows the PC's reading
 * and the server holds at most one window. A failure midway cuts the response short (the
 * client sees an incomplete body) and is recorded.
 */
export async function download(deps: AppDeps, { params, query, user, req, res }: Ctx): Promise<void> {
  const offset = rangeStart(req.headers.range);
  const op = await startFileOp(deps, user!, params.id, query, { op: 'read', offset, size: null, sha256: null, archive: query.archive ?? null });
  const { transfer, accepted } = op;
  const entry = accepted.entry!;
  const packed = entry.type === 'dir';
  const record = await recordTransfer(deps, user!, op, 'download', packed ? null : entry.size).catch((err: unknown) => {
    // Not written down, not done: the PC stops rather than sending into the void.
    transfer.fail(new AppError('unavailable', 'the transfer could not be recorded'), true);
    throw err;
  });
  res.setHeader('X-Deskside-Transfer', transfer.id);
  res.setHeader('Content-Disposition', disposition(packed ? `${entry.name}.${query.archive}` : entry.name));
  res.setHeader('Content-Type', packed ? TYPES[query.archive ?? 'tar.gz'] : 'application/octet-stream');
  res.setHeader('Cache-Control', 'no-store');
  if (!packed) {
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Content-Length', String(entry.size - offset));
    if (offset > 0) res.setHeader('Content-Range', `bytes ${offset}-${entry.size - 1}/${entry.size}`);
  }
  res.status(offset > 0 ? 206 : 200);
  res.flushHeaders();
  transfer.consume((data) => {
    res.write(data, (err) => {
      if (!err) transfer.taken(data.length);
    });
  });
  let cancelled = false;
  res.on('close', () => {
    if (res.writableFinished) return;
    cancelled = true;
    transfer.fail(new AppError('transfer_failed', "the technician's connection closed"), true);
  });
  try {
    const done = await transfer.finished;
    res.end();
    await record.finish({ ok: true, bytes: done.bytes, sha256: done.sha256, ...(packed ? { size: done.bytes } : {}) });
  } catch (err) {
    const message = err instanceof AppError ? err.message : 'the transfer failed';
    deps.logger.info({ transferId: transfer.id, reason: message }, 'download stopped');
    res.destroy();
    await record.finish({ ok: false, cancelled, bytes: transfer.bytes, error: message });
  }
}

/**
 * A download through a link of POST …/files/link: the link names the user, PC and path; the
 * user is read again as a session's would be (gone, disabled or changed since: refused), then
 * everything goes as for GET …/files/content, the access rules of the PC included.
 */
export async function linkDownload(deps: AppDeps, ctx: RouteContext<z.infer<typeof FileLinkParams>, unknown, unknown>): Promise<void> {
  const link = deps.links.verify(ctx.params.token);
  const user = await signedUser(deps.store, link.userId, link.version, 'link');
  await download(deps, { ...ctx, params: { id: link.deviceId }, query: link.query, user });
}

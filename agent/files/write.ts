import { createHash } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { FILE_LIMITS, PARTIAL_SUFFIX } from '../../shared/protocol/files.js';
import { FileOpError, fromFsError } from './fileError.js';
import type { HelperEvent, HelperRequest } from './helperProtocol.js';
import { allowedPath } from './roots.js';

/** Where the upload must go: an existing folder, and not onto a folder. */
async function checkTarget(req: HelperRequest): Promise<void> {
  // Confinement first: outside the roots nothing is said about what exists.
  await allowedPath(req.roots, req.path);
  const folder = path.dirname(req.path);
  const st = await fsp.stat(folder).catch((err: unknown) => {
    throw (err as NodeJS.ErrnoException).code === 'ENOENT' ? new FileOpError('not_found', `folder ${folder} does not exist`) : fromFsError(err, folder);
  });
  if (!st.isDirectory()) throw new FileOpError('invalid', `${folder} is not a folder`);
  const existing = await fsp.stat(req.path).catch(() => null);
  if (existing?.isDirectory()) throw new FileOpError('invalid', `${req.path} is a folder; name the file to write inside it`);
}

/**
 * Receives an upload on `input` into `<path>.deskside-part`, then gives it its name once it is
 * whole and its SHA-256 is the one announced. A resumed upload (offset > 0) continues the
 * partial file from there. A stop midway keeps the partial file for a resume; a full disk or a
 * wrong checksum removes it.
 */
export async function writePath(req: HelperRequest, input: Readable, ctl: (e: HelperEvent) => void): Promise<void> {
  const size = req.size;
  if (size === null) throw new FileOpError('invalid', 'an upload must say its size');
  if (size > req.maxBytes) throw new FileOpError('too_large', `${size} bytes is more than the ${req.maxBytes} bytes one transfer may carry`);
  if (req.offset > size) throw new FileOpError('invalid', `offset ${req.offset} is past the file's size (${size})`);
  await checkTarget(req);
  const part = req.path + PARTIAL_SUFFIX;
  const hash = createHash('sha256');
  let fh: fsp.FileHandle;
  if (req.offset > 0) {
    fh = await fsp.open(part, 'r+').catch((err: unknown) => {
      throw (err as NodeJS.ErrnoException).code === 'ENOENT' ? new FileOpError('invalid', `nothing to resume: no partial upload of ${req.path}`, 0) : fromFsError(err, part);
    });
    const have = (await fh.stat()).size;
    if (have < req.offset) {
      await fh.close();
      throw new FileOpError('invalid', `cannot resume at byte ${req.offset}: ${have} bytes were kept`, have);
    }
    await fh.truncate(req.offset);
    const buf = Buffer.allocUnsafe(FILE_LIMITS.chunkBytes * 4);
    for (let pos = 0; pos < req.offset; ) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, req.offset - pos), pos);
      hash.update(buf.subarray(0, bytesRead));
      pos += bytesRead;
    }
  } else {
    fh = await fsp.open(part, 'w');
  }
  ctl({ event: 'start', entry: null, partialBytes: req.offset });
  let pos = req.offset;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      if (pos + chunk.length > size) throw new FileOpError('invalid', `more bytes arrived than the ${size} announced`);
      await fh.write(chunk, 0, chunk.length, pos);
      hash.update(chunk);
      pos += chunk.length;
    }
    if (pos < size) throw new FileOpError('failed', `the upload stopped at ${pos} of ${size} bytes`, pos);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    const e = fromFsError(err, req.path, pos);
    // A full disk is not helped by keeping what filled it; anything else may be resumed.
    if (e.reason === 'no_space' || e.reason === 'invalid') {
      await fsp.rm(part, { force: true });
      throw new FileOpError(e.reason, e.message);
    }
    throw new FileOpError(e.reason, e.message, pos);
  }
  await fh.close();
  const sha256 = hash.digest('hex');
  if (req.sha256 && sha256 !== req.sha256) {
    await fsp.rm(part, { force: true });
    throw new FileOpError('checksum', `the file arrived with SHA-256 ${sha256}, not ${req.sha256} as announced; it was not kept`);
  }
  // A replaced file keeps its permissions.
  const old = await fsp.stat(req.path).catch(() => null);
  if (old?.isFile()) await fsp.chmod(part, old.mode & 0o7777).catch(() => undefined);
  await fsp.rename(part, req.path);
  ctl({ event: 'done', bytes: size - req.offset, sha256 });
}

import { createHash, type Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { FILE_LIMITS } from '../../shared/protocol/files.js';
import { packFolder } from './archive/pack.js';
import { entryOf } from './entries.js';
import { FileOpError } from './fileError.js';
import type { HelperEvent, HelperRequest } from './helperProtocol.js';
import { allowedPath } from './roots.js';
import { writeOut } from './streams.js';

/** Hashes bytes [from, to) of an open file: the part of a resumed download already sent. */
async function hashRange(fh: FileHandle, hash: Hash, from: number, to: number): Promise<void> {
  const buf = Buffer.allocUnsafe(FILE_LIMITS.chunkBytes * 4);
  for (let pos = from; pos < to; ) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, to - pos), pos);
    if (bytesRead === 0) throw new FileOpError('changed', `the file is shorter than the ${to} bytes already sent`);
    hash.update(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
}

/**
 * Sends a file (from `offset`) or a folder (packed) to `out`. A file is sent as it was when it
 * was opened: bytes appended meanwhile are not sent, and a file that shrinks fails the transfer
 * rather than end short. The SHA-256 is of the whole file, also when resumed.
 */
export async function readPath(req: HelperRequest, out: Writable, ctl: (e: HelperEvent) => void): Promise<void> {
  await allowedPath(req.roots, req.path);
  const fh = await fsp.open(req.path, 'r');
  try {
    const st = await fh.stat();
    const name = path.basename(req.path) || req.path;
    if (st.isDirectory()) {
      if (!req.archive) throw new FileOpError('invalid', `${req.path} is a folder: download it as an archive (tar.gz or zip)`);
      if (req.offset > 0) throw new FileOpError('invalid', 'a folder archive cannot be resumed; download it again');
      ctl({ event: 'start', entry: entryOf(name, st) });
      const done = await packFolder(req.path, req.archive, out, req.maxBytes);
      ctl({ event: 'done', ...done });
      return;
    }
    if (!st.isFile()) throw new FileOpError('invalid', `${req.path} is not a regular file`);
    if (st.size > req.maxBytes) throw new FileOpError('too_large', `${req.path} is ${st.size} bytes, more than the ${req.maxBytes} bytes one transfer may carry`);
    if (req.offset > st.size) throw new FileOpError('changed', `cannot resume at byte ${req.offset}: the file now has ${st.size} bytes`);
    ctl({ event: 'start', entry: entryOf(name, st) });
    const hash = createHash('sha256');
    await hashRange(fh, hash, 0, req.offset);
    for (let pos = req.offset; pos < st.size; ) {
      const buf = Buffer.allocUnsafe(Math.min(FILE_LIMITS.chunkBytes, st.size - pos));
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) throw new FileOpError('changed', `${req.path} shrank while it was read (${pos} of ${st.size} bytes)`);
      const chunk = buf.subarray(0, bytesRead);
      hash.update(chunk);
      await writeOut(out, chunk);
      pos += bytesRead;
    }
    ctl({ event: 'done', bytes: st.size - req.offset, sha256: hash.digest('hex') });
  } finally {
    await fh.close();
  }
}

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';
import type { ArchiveFormat } from '../../../shared/protocol/files.js';
import { FileOpError } from '../fileError.js';
import { writeOut } from '../streams.js';
import { padding, TAR_END, tarHeader } from './tar.js';
import { fileChunks, walk } from './walk.js';
import { ZipWriter } from './zip.js';

/**
 * Packs a folder into `out` as it is read, never holding more than a chunk: what the archive
 * weighs is counted against the transfer's cap, and its SHA-256 is of the bytes sent.
 */
export async function packFolder(root: string, format: ArchiveFormat, out: Writable, maxBytes: number): Promise<{ bytes: number; sha256: string; skipped: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const emit = async (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > maxBytes) throw new FileOpError('too_large', `the archive passed the ${maxBytes} bytes one transfer may carry`);
    hash.update(chunk);
    await writeOut(out, chunk);
  };
  const counts = { skipped: 0 };
  if (format === 'zip') {
    const zip = new ZipWriter(emit);
    for await (const e of walk(root, counts)) await zip.add(e);
    await zip.finish();
  } else {
    const gzip = zlib.createGzip();
    const drained = (async () => {
      for await (const chunk of gzip as AsyncIterable<Buffer>) await emit(chunk);
    })();
    const put = async (b: Buffer) => {
      if (!gzip.write(b)) await Promise.race([once(gzip, 'drain'), drained]);
    };
    try {
      for await (const e of walk(root, counts)) {
        const isFile = e.st.isFile() && e.link === undefined;
        await put(tarHeader(e));
        if (!isFile) continue;
        for await (const chunk of fileChunks(e.full, e.st.size, 64 * 1024)) await put(chunk);
        await put(padding(e.st.size));
      }
      await put(TAR_END);
    } finally {
      gzip.end();
    }
    await drained;
  }
  return { bytes, sha256: hash.digest('hex'), skipped: counts.skipped };
}

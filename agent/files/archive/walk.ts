import { constants, type Stats } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

export interface WalkEntry {
  /** Path inside the archive, '/'-separated, starting with the folder's own name. */
  name: string;
  full: string;
  st: Stats;
  /** Where a symbolic link points (links are stored, never followed). */
  link?: string;
}

/**
 * Every entry under a folder, depth first, in name order, the folder first. Links are not
 * followed, so a link pointing outside the folder puts only itself in the archive. Entries that
 * cannot be looked at or read are counted in `skipped`.
 */
export async function* walk(root: string, counts: { skipped: number }): AsyncGenerator<WalkEntry> {
  const base = path.basename(root) || 'root';
  const stack: { full: string; name: string }[] = [{ full: root, name: base }];
  while (stack.length > 0) {
    const { full, name } = stack.pop()!;
    let st: Stats;
    try {
      st = await fsp.lstat(full);
    } catch {
      counts.skipped += 1;
      continue;
    }
    if (st.isSymbolicLink()) {
      const link = await fsp.readlink(full).catch(() => null);
      if (link === null) counts.skipped += 1;
      else yield { name, full, st, link };
      continue;
    }
    if (st.isFile()) {
      // An unreadable file is left out rather than failing the whole folder.
      if (await fsp.access(full, constants.R_OK).then(() => true, () => false)) yield { name, full, st };
      else counts.skipped += 1;
      continue;
    }
    if (!st.isDirectory()) {
      counts.skipped += 1;
      continue;
    }
    let children: string[];
    try {
      children = await fsp.readdir(full);
    } catch {
      counts.skipped += 1;
      continue;
    }
    yield { name, full, st };
    children.sort().reverse();
    for (const c of children) stack.push({ full: path.join(full, c), name: `${name}/${c}` });
  }
}

/** Reads exactly `size` bytes of a file in chunks; a file that shrank meanwhile is padded with zeros. */
export async function* fileChunks(full: string, size: number, chunk: number): AsyncGenerator<Buffer> {
  const fh = await fsp.open(full, 'r');
  try {
    for (let pos = 0; pos < size; ) {
      const buf = Buffer.alloc(Math.min(chunk, size - pos));
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      pos += buf.length;
      yield buf;
      if (bytesRead === 0) {
        // Shrank: the header already promised `size` bytes.
        for (; pos < size; pos += chunk) yield Buffer.alloc(Math.min(chunk, size - pos));
      }
    }
  } finally {
    await fh.close();
  }
}

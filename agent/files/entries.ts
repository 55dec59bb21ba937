import type { Stats } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { FILE_LIMITS, PARTIAL_SUFFIX, type FileEntry } from '../../shared/protocol/files.js';

export function entryOf(name: string, st: Stats, target?: string): FileEntry {
  const type = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'link' : 'other';
  return { name, type, size: type === 'file' ? st.size : 0, mtime: st.mtime.toISOString(), ...(target !== undefined ? { target } : {}) };
}

/** A path's entry, without following a final link (whose target is named). */
export async function statEntry(p: string): Promise<FileEntry> {
  const st = await fsp.lstat(p);
  if (!st.isSymbolicLink()) return entryOf(path.basename(p) || p, st);
  const target = await fsp.readlink(p);
  // A link to a folder is browsed like the folder; a dangling one stays a link.
  const followed = await fsp.stat(p).catch(() => null);
  return followed ? { ...entryOf(path.basename(p), followed), target } : entryOf(path.basename(p), st, target);
}

/** Bytes of an interrupted upload to `p`, kept for a resume (0 when there is none). */
export async function partialBytes(p: string): Promise<number> {
  const st = await fsp.stat(p + PARTIAL_SUFFIX).catch(() => null);
  return st?.isFile() ? st.size : 0;
}

/** A folder's entries, folders first then by name, cut at FILE_LIMITS.listEntriesMax. */
export async function listFolder(p: string): Promise<{ entries: FileEntry[]; truncated: boolean }> {
  const dir = await fsp.opendir(p);
  const entries: FileEntry[] = [];
  let truncated = false;
  for await (const d of dir) {
    if (entries.length >= FILE_LIMITS.listEntriesMax) {
      truncated = true;
      break;
    }
    // An entry that vanished or cannot be looked at is still listed, by name.
    const e = await statEntry(path.join(p, d.name)).catch(() => ({ name: d.name, type: 'other' as const, size: 0, mtime: new Date(0).toISOString() }));
    entries.push({ ...e, name: d.name });
  }
  if (truncated) await dir.close().catch(() => undefined);
  entries.sort((a, b) => (a.type === 'dir') !== (b.type === 'dir') ? (a.type === 'dir' ? -1 : 1) : a.name.localeCompare(b.name));
  return { entries, truncated };
}

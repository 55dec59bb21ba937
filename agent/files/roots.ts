import fsp from 'node:fs/promises';
import path from 'node:path';
import { FileOpError } from './fileError.js';

/**
 * The folders an admin lets technicians transfer files in on this PC (DESKSIDE_FILE_ROOTS), or
 * none for "wherever the account may". A path counts by where it really leads: a symbolic link
 * inside a root that points outside it is outside.
 */
export function parseRoots(setting: string | undefined): string[] {
  if (!setting?.trim()) return [];
  return setting
    .split(path.delimiter)
    .map((r) => r.trim())
    .filter(Boolean)
    .map((r) => path.resolve(r));
}

export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Refuses `target` (already resolved through its links) when it is outside every root. */
export function checkInside(roots: readonly string[], asked: string, target: string): void {
  if (roots.length === 0 || roots.some((r) => isInside(r, target))) return;
  const where = target === asked ? asked : `${asked} leads to ${target}, which is`;
  throw new FileOpError('not_allowed', `${where} outside the folders this PC allows file transfers in (${roots.join(', ')})`);
}

/** Resolves an existing path through its links and checks it against the roots. */
export async function allowedExisting(roots: readonly string[], asked: string): Promise<void> {
  if (roots.length === 0) return;
  checkInside(roots, asked, await fsp.realpath(asked));
}

/** For a file about to be written: its folder must be inside, and so must the file if it is a link. */
export async function allowedTarget(roots: readonly string[], asked: string): Promise<void> {
  if (roots.length === 0) return;
  const folder = await fsp.realpath(path.dirname(asked));
  checkInside(roots, asked, path.join(folder, path.basename(asked)));
  try {
    checkInside(roots, asked, await fsp.realpath(asked));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

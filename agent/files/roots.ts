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

/**
 * Checks a path against the roots by where it really leads, whether or not it exists yet: the
 * deepest part that exists is resolved through its links and the rest joined on. So a link
 * pointing outside is outside, and nothing outside is told apart by whether it exists.
 */
export async function allowedPath(roots: readonly string[], asked: string): Promise<void> {
  if (roots.length === 0) return;
  const rest: string[] = [];
  for (let existing = path.resolve(asked); ; ) {
    try {
      checkInside(roots, asked, path.join(await fsp.realpath(existing), ...rest));
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const parent = path.dirname(existing);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === existing) throw err;
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

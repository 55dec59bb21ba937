import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowedPath, isInside, parseRoots } from './roots.js';

describe('file roots', () => {
  it('reads the setting like PATH and resolves each folder', () => {
    expect(parseRoots(undefined)).toEqual([]);
    expect(parseRoots(` /srv/a${path.delimiter}${path.delimiter}relative `)).toEqual(['/srv/a', path.resolve('relative')]);
  });

  it('counts a folder and what is under it as inside, and a neighbour with the same prefix as outside', () => {
    expect(isInside('/home/ann', '/home/ann')).toBe(true);
    expect(isInside('/home/ann', '/home/ann/docs/x')).toBe(true);
    expect(isInside('/home/ann', '/home/anna/x')).toBe(false);
    expect(isInside('/home/ann', '/home')).toBe(false);
  });

  it('judges a path by where its links lead', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'roots-'));
    fs.writeFileSync(path.join(root, 'in.txt'), '');
    fs.symlinkSync(os.tmpdir(), path.join(root, 'out'));
    await expect(allowedPath([root], path.join(root, 'in.txt'))).resolves.toBeUndefined();
    await expect(allowedPath([root], path.join(root, 'out'))).rejects.toMatchObject({ reason: 'not_allowed' });
    await expect(allowedPath([root], path.join(root, 'new.txt'))).resolves.toBeUndefined();
    await expect(allowedPath([root], path.join(root, 'out', 'new.txt'))).rejects.toMatchObject({ reason: 'not_allowed' });
    await expect(allowedPath([], '/etc')).resolves.toBeUndefined();
    // Whether something exists outside is not told: missing or not, it is outside.
    await expect(allowedPath([root], '/no/such/place')).rejects.toMatchObject({ reason: 'not_allowed' });
    await expect(allowedPath([root], path.join(root, 'new-folder', 'deeper', 'x.txt'))).resolves.toBeUndefined();
    fs.rmSync(root, { recursive: true });
  });
});

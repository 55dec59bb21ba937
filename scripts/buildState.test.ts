import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staleReasons } from './buildState.mjs';

let root: string;
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** A miniature project: files written with explicit modification times (seconds ago). */
function project(files: Record<string, number>): string {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-build-state-'));
  const now = Date.now() / 1000;
  for (const folder of ['agent', 'bench', 'cli', 'server/console/src', 'shared']) fs.mkdirSync(path.join(root, folder), { recursive: true });
  for (const [file, ago] of Object.entries(files)) {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, '');
    fs.utimesSync(full, now - ago, now - ago);
  }
  return root;
}

describe('staleReasons', () => {
  const current = {
    'package.json': 100,
    'server/main.ts': 50,
    'server/main.test.ts': 1,
    'shared/api/x.ts': 50,
    'server/console/src/App.tsx': 50,
    'dist/server/main.js': 10,
    'dist/shared/api/x.js': 10,
    'dist/console/index.html': 10,
    'dist/deskside/main.js': 10,
  };

  it('is empty for a build newer than every source (test files do not count)', () => {
    expect(staleReasons(project(current))).toEqual([]);
  });

  it('names a source newer than its output', () => {
    expect(staleReasons(project({ ...current, 'server/main.ts': 5 }))).toEqual(['server/main.ts is newer than dist/server/main.js']);
  });

  it('names a missing output', () => {
    const { 'dist/shared/api/x.js': _gone, ...rest } = current;
    expect(staleReasons(project(rest))).toEqual(['dist/shared/api/x.js is missing']);
  });

  it('names a console source newer than the console bundle, and shared code the console imports', () => {
    const reasons = staleReasons(project({ ...current, 'server/console/src/App.tsx': 5 }));
    expect(reasons).toEqual(['server/console/src/App.tsx is newer than dist/console/index.html']);
    expect(staleReasons(project({ ...current, 'shared/api/x.ts': 5, 'dist/shared/api/x.js': 1 }))).toEqual([
      'shared/api/x.ts is newer than dist/console/index.html',
      'shared/api/x.ts is newer than dist/deskside/main.js',
    ]);
  });

  it('names a command-line source newer than the deskside bundle, or the bundle missing', () => {
    const withCli = { ...current, 'cli/main.ts': 50, 'dist/cli/main.js': 10 };
    expect(staleReasons(project({ ...withCli, 'cli/main.ts': 5, 'dist/cli/main.js': 1 }))).toEqual(['cli/main.ts is newer than dist/deskside/main.js']);
    const { 'dist/deskside/main.js': _gone, ...rest } = withCli;
    expect(staleReasons(project(rest))).toEqual(['dist/deskside/main.js is missing']);
  });

  it('names a build configuration changed after the build', () => {
    expect(staleReasons(project({ ...current, 'package.json': 5 }))).toEqual(['package.json is newer than the build']);
  });
});

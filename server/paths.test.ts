import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENT_MAIN, CONSOLE_DIR, DIST_DIR } from './paths.js';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('build output paths', () => {
  it('point into the project dist/ when running from the sources', () => {
    expect(DIST_DIR).toBe(path.join(ROOT, 'dist'));
    expect(CONSOLE_DIR).toBe(path.join(ROOT, 'dist', 'console'));
    expect(AGENT_MAIN).toBe(path.join(ROOT, 'dist', 'agent', 'main.js'));
  });

  it('point at dist/ itself from the built module, though dist/ has a package.json of its own', async () => {
    // The built copy of this module, imported as `npm start` would load it.
    const built = path.join(ROOT, 'dist', 'server', 'paths.js');
    expect(fs.existsSync(path.join(ROOT, 'dist', 'package.json'))).toBe(true);
    const mod = (await import(built)) as typeof import('./paths.js');
    expect(mod.DIST_DIR).toBe(path.join(ROOT, 'dist'));
    expect(mod.CONSOLE_DIR).toBe(path.join(ROOT, 'dist', 'console'));
  });
});

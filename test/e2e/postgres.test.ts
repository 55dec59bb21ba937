import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { agentCli, waitFor } from '../helpers/agent.js';
import { onlineAgent } from '../helpers/fleet.js';
import { freshSchema, type PgSchema } from '../helpers/postgres.js';
import { SERVER_MAIN, serverEnv, startTestServer, type TestServer } from '../helpers/server.js';
import { tcpProxy } from '../helpers/tcpProxy.js';

const PASSWORD = 'correct-horse-battery';
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

/** `deskside-server <args>` as an admin runs it, with only environment variables. */
function serverCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVER_MAIN, ...args], { env: serverEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function schema(): Promise<PgSchema> {
  const s = await freshSchema();
  cleanups.push(s.drop);
  return s;
}

async function server(env: Record<string, string>): Promise<TestServer> {
  const s = await startTestServer(env);
  cleanups.push(() => s.stop());
  return s;
}

/** Rows of one table, read straight from PostgreSQL: the data really is there. */
async function pgCount(s: PgSchema, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: s.url });
  await client.connect();
  try {
    return Number((await client.query(`select count(*) as n from ${table}`)).rows[0].n);
  } finally {
    await client.end();
  }
}

/** Some of everything a desk has: accounts, tickets with replies, FAQ articles. */
async function fill(s: TestServer): Promise<{ admin: string }> {
  const admin = await s.api.login();
  const r = await s.api.request('POST', '/api/v1/users', { token: admin, body: { username: 'emma', role: 'employee', password: PASSWORD } });
  expect(r.status).toBe(201);
  const emma = await s.api.login('emma', PASSWORD);
  for (const summary of ['Printer jams', 'VPN drops', 'Screen flickers']) {
    const t = await s.api.request('POST', '/api/v1/tickets', { token: emma, body: { summary, details: 'since Monday', priority: 'high' } });
    expect(t.status).toBe(201);
    await s.api.request('POST', `/api/v1/tickets/${t.body.id}/comments`, { token: admin, body: { body: 'Looking into it' } });
  }
  for (const [title, body] of [['Printer jams on every page', 'Open tray 2.'], ['VPN disconnects', 'Use a cable.']]) {
    expect((await s.api.request('POST', '/api/v1/faq', { token: admin, body: { title, body, category: 'Help' } })).status).toBe(201);
  }
  return { admin };
}

describe('the server on PostgreSQL', () => {
  it('serves everything from PostgreSQL and keeps it across a restart', async () => {
    const db = await schema();
    const s = await server({ DATABASE_URL: db.url });
    const { admin } = await fill(s);
    expect(await pgCount(db, 'tickets')).toBe(3);
    await s.restart();
    const tickets = await s.api.request('GET', '/api/v1/tickets?priority=high', { token: admin });
    expect(tickets.body).toHaveLength(3);
    const faq = await s.api.request('GET', '/api/v1/faq?q=print');
    expect(faq.body.map((a: { title: string }) => a.title)).toEqual(['Printer jams on every page']);
  });

  it('answers 503 while PostgreSQL is out of reach, keeps its agents, and loses no help request', async () => {
    const db = await schema();
    const proxy = await tcpProxy(Number(new URL(db.url).port || 5432));
    cleanups.push(() => proxy.close());
    const url = new URL(db.url);
    url.port = String(proxy.port);
    const s = await server({ DATABASE_URL: url.toString() });
    const admin = await s.api.login();
    const { home, deviceId, agent } = await onlineAgent(s, admin);
    cleanups.push(() => agent.stop());

    // Requests in flight when the connection breaks: each gets an answer, and the process lives.
    const inFlight = Promise.all(Array.from({ length: 30 }, () => s.api.request('GET', '/api/v1/tickets', { token: admin })));
    await proxy.cut();
    for (const r of await inFlight) expect([200, 503]).toContain(r.status);
    expect((await s.api.request('GET', '/healthz')).status).toBe(200);
    const down = await s.api.request('GET', '/api/v1/tickets', { token: admin });
    expect(down).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    // Asked while the database is away: the agent keeps the request and sends it again.
    const asking = agentCli(home, ['help', 'Outlook will not start']);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await s.api.request('GET', '/healthz')).status).toBe(200);
    await proxy.restore();

    await waitFor('the request became a ticket', async () => (await s.api.request('GET', '/api/v1/tickets?q=Outlook', { token: admin })).body.length === 1, 45_000);
    expect((await asking).code).toBe(0);
    expect((await s.api.request('GET', `/api/v1/devices/${deviceId}`, { token: admin })).body.online).toBe(true);
    // The agent's connection stayed up the whole time: it connected once.
    expect(agent.output().match(/connected to server/g)).toHaveLength(1);
  }, 90_000);
});

describe('moving an installation and migrating', () => {
  it('moves a SQLite installation into PostgreSQL with everything in it', async () => {
    const sqlite = await server({});
    const { admin } = await fill(sqlite);
    await sqlite.close();
    const dump = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-export-')), 'export.jsonl');
    cleanups.push(async () => fs.rmSync(path.dirname(dump), { recursive: true, force: true }));
    const exported = await serverCli(['export', '--output', dump], { DESKSIDE_DATA: sqlite.dataDir });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/Exported \d+ rows \(users 2, .*tickets 3.*\)/);

    const db = await schema();
    const imported = await serverCli(['import', dump], { DATABASE_URL: db.url });
    expect(imported.code, imported.stderr).toBe(0);
    // Everything read back from PostgreSQL is what SQLite held, row for row.
    const again = path.join(path.dirname(dump), 'again.jsonl');
    expect((await serverCli(['export', '--output', again], { DATABASE_URL: db.url })).code).toBe(0);
    const body = (f: string) => fs.readFileSync(f, 'utf8').split('\n').slice(1).join('\n');
    expect(body(again)).toBe(body(dump));
    expect(body(dump)).toContain('Looking into it');

    // A second import would mix two installations: refused, nothing changed.
    const twice = await serverCli(['import', dump], { DATABASE_URL: db.url });
    expect(twice).toMatchObject({ code: 1, stderr: expect.stringContaining('not empty (users: 2 rows)') });

    const s = await server({ DATABASE_URL: db.url });
    const emma = await s.api.login('emma', PASSWORD);
    expect((await s.api.request('GET', '/api/v1/tickets', { token: emma })).body).toHaveLength(3);
    expect((await s.api.request('GET', '/api/v1/faq?q=vpn')).body).toHaveLength(1);
    // New rows take ids after the imported ones.
    const t = await s.api.request('POST', '/api/v1/tickets', { token: emma, body: { summary: 'After the move', details: '', priority: 'low' } });
    expect(t.body.id).toBe(4);
    expect((await s.api.request('GET', '/api/v1/audit?limit=1', { token: await s.api.login() })).status).toBe(200);
    void admin;
  }, 90_000);

  it('refuses a file that is not an export, naming the line', async () => {
    const db = await schema();
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-bad-')), 'bad.jsonl');
    fs.writeFileSync(bad, '{"format":"deskside-export","formatVersion":1,"serverVersion":"x","dialect":"sqlite","createdAt":"x"}\n{"table":"passwords","rows":[]}\n');
    const r = await serverCli(['import', bad], { DATABASE_URL: db.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 2: table: /);
    expect(await pgCount(db, 'users')).toBe(0);
    expect((await serverCli(['import', '/nonexistent/file'], { DATABASE_URL: db.url })).stderr).toMatch(/cannot read \/nonexistent\/file: ENOENT/);
  });

  it('says in one line that PostgreSQL cannot be reached, and exits non-zero', async () => {
    const r = await serverCli(['start'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', DESKSIDE_DATA: fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-')) });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual(['deskside-server: PostgreSQL at 127.0.0.1:1/none: connect ECONNREFUSED 127.0.0.1:1']);
  });

  it('migrates from two nodes at once (one waits), and a failed migration leaves the database as it was', async () => {
    const db = await schema();
    const both = await Promise.all([serverCli(['migrate'], { DATABASE_URL: db.url }), serverCli(['migrate'], { DATABASE_URL: db.url })]);
    for (const r of both) expect(r, r.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('schema is up to date') });
    expect(await pgCount(db, 'kysely_migration')).toBeGreaterThan(10);

    // A table in the way of a later migration: the whole run is rolled back.
    const broken = await schema();
    const client = new pg.Client({ connectionString: broken.url });
    await client.connect();
    await client.query('create table faq_articles (id int)');
    await client.end();
    const r = await serverCli(['migrate'], { DATABASE_URL: broken.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/migration 0004_faq failed/);
    await expect(pgCount(broken, 'users')).rejects.toThrow(/does not exist/);
  });
});

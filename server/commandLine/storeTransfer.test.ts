import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { STORES } from '../../test/helpers/postgres.js';
import type { Store } from '../storage/types.js';
import { exportStore, importStore } from './storeTransfer.js';

const [sqlite, postgres] = STORES.map(([, open]) => open);
const dirs: string[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-transfer-'));
  dirs.push(d);
  return d;
};
const open = async (f: () => Promise<Store>) => {
  const s = await f();
  stores.push(s);
  return s;
};

async function roundTrip(from: Store, fromDir: string, to: Store, toDir: string) {
  const pipe = new PassThrough();
  const chunks: Buffer[] = [];
  pipe.on('data', (c: Buffer) => chunks.push(c));
  const exported = await exportStore(from, fromDir, pipe);
  pipe.end();
  const text = Buffer.concat(chunks).toString();
  const input = new PassThrough();
  input.end(text);
  return { exported, imported: await importStore(to, toDir, input), text };
}

describe('export and import', () => {
  it('move sessions and their recordings (larger than one chunk) from SQLite to PostgreSQL', async () => {
    const [fromDir, toDir] = [tmp(), tmp()];
    const from = await open(sqlite!);
    await from.users.create({ id: 'u1', username: 'tina', role: 'technician', passwordHash: 'x', createdAt: '2026-01-01T00:00:00Z' });
    await from.devices.create({ id: 'd1', hostname: 'pc', platform: 'linux', agentVersion: '1', secretHash: 'h', enrolledAt: '2026-01-01T00:00:00Z' });
    const file = 'recordings/2026-01/s1.cast';
    await from.shellSessions.create({ id: 's1', deviceId: 'd1', technicianId: 'u1', ticketId: null, reason: null, consentPolicy: 'prompt', requestedAt: '2026-01-01T00:00:00Z', cols: 80, rows: 24, recordingFile: file });
    const recording = Buffer.alloc(1_300_000, 'x');
    fs.mkdirSync(path.join(fromDir, 'recordings/2026-01'), { recursive: true });
    fs.writeFileSync(path.join(fromDir, file), recording);

    const to = await open(postgres!);
    const { exported, imported } = await roundTrip(from, fromDir, to, toDir);
    expect(exported.recordings).toBe(1);
    expect(imported.rows).toEqual(exported.rows);
    expect(fs.readFileSync(path.join(toDir, file)).equals(recording)).toBe(true);
    expect(await to.shellSessions.findById('s1')).toMatchObject({ technicianName: 'tina', recordingFile: file });
  });

  it.each([
    ['a recording path outside the recordings folder', '{"recording":"../../etc/passwd.cast","offset":0,"data":""}', /line 3: recording: expected recordings\/YYYY-MM\/<id>\.cast/],
    ['a row for a table that does not exist', '{"table":"secrets","rows":[]}', /line 3: table: /],
    ['a broken line', '{"table":', /line 3: not JSON/],
    ['a broken line after a recording', '{"recording":"recordings/2026-01/s1.cast","offset":0,"data":"eA=="}\n{', /line 4: not JSON/],
  ])('refuses %s, naming the line, and stores nothing of it', async (_what, line, message) => {
    const to = await open(sqlite!);
    const input = new PassThrough();
    const header = '{"format":"deskside-export","formatVersion":1,"serverVersion":"0","dialect":"sqlite","createdAt":"x"}';
    input.end(`${header}\n{"table":"settings","rows":[{"key":"k","value":"1","updated_at":"x"}]}\n${line}\n`);
    const dir = tmp();
    await expect(importStore(to, dir, input)).rejects.toThrow(message);
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile());
    expect(files).toEqual([]);
    expect(await to.settings.get('k')).toBeUndefined();
  });
});

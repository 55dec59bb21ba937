import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORES } from '../../test/helpers/postgres.js';
import type { Store } from '../storage/types.js';
import { AsciicastRecorder } from './asciicast.js';
import { databaseRecordings, fileRecordings, IN_DATABASE } from './recordingStore.js';

const collect = async (body: AsyncIterable<Buffer> | null) => {
  if (!body) return null;
  const parts: Buffer[] = [];
  for await (const b of body) parts.push(b);
  return Buffer.concat(parts).toString('utf8');
};

describe.each(STORES)('recordings kept in the database: %s', (_name, open) => {
  let store: Store;
  let dataDir: string;
  beforeEach(async () => {
    store = await open();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-rec-'));
    await store.users.create({ id: 'u', username: 'tina', role: 'technician', passwordHash: 'x', createdAt: 'x' });
    await store.devices.create({ id: 'd', hostname: 'pc', platform: 'linux', agentVersion: '1', secretHash: 'h', enrolledAt: 'x' });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads back, whole and in order, what a long session recorded in many chunks', async () => {
    const recordings = databaseRecordings(store.recordings, dataDir, pino({ level: 'silent' }));
    const id = '6f1c3a52-7a4e-4c36-9d7e-2f1b8c0d9e11';
    const ref = recordings.place(id, new Date());
    expect(ref).toBe(IN_DATABASE);
    await store.shellSessions.create({ id, deviceId: 'd', technicianId: 'u', ticketId: null, reason: null, consentPolicy: 'prompt', requestedAt: 'x', cols: 80, rows: 24, recordingFile: ref });
    const r = new AsciicastRecorder(recordings.create(ref, id), { width: 80, height: 24, maxBytes: 10e6 });
    for (let i = 0; i < 3000; i++) r.output(Buffer.from(`line ${i} ${'€'.repeat(20)}\r\n`));
    await r.close();
    const text = (await collect(await recordings.read(ref, id)))!;
    const events = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ version: 2, width: 80 });
    expect(events.slice(1).map((e: [number, string, string]) => e[2])).toEqual(Array.from({ length: 3000 }, (_, i) => `line ${i} ${'€'.repeat(20)}\r\n`));
    expect(await recordings.read(ref, 'a6ee0a3c-0000-4000-8000-000000000000')).toBeNull();
  });

  it('still plays recordings that are files in the data folder', async () => {
    const files = fileRecordings(dataDir);
    const ref = files.place('s1', new Date('2026-03-04T00:00:00Z'));
    expect(ref).toBe(path.join('recordings', '2026-03', 's1.cast'));
    const sink = files.create(ref, 's1');
    sink.write('{"version":2}\n');
    await sink.end();
    expect(fs.statSync(path.join(dataDir, ref)).mode & 0o777).toBe(0o600);
    const db = databaseRecordings(store.recordings, dataDir, pino({ level: 'silent' }));
    expect(await collect(await db.read(ref, 's1'))).toBe('{"version":2}\n');
  });
});

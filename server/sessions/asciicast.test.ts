import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AsciicastRecorder } from './asciicast.js';

const tmp = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-cast-')), 'session.cast');
const lines = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('asciicast v2 recording', () => {
  it('writes the header and timed output, input and resize events', async () => {
    let t = 1_795_594_572_000;
    const file = tmp();
    const r = new AsciicastRecorder(file, { width: 80, height: 24, maxBytes: 1e6, now: () => t });
    t += 500;
    r.input(Buffer.from('ls\r'));
    t += 250;
    r.output(Buffer.from('file.txt\r\n'));
    r.resize(120, 40);
    await r.close();
    const [header, ...events] = lines(file);
    expect(header).toMatchObject({ version: 2, width: 80, height: 24, timestamp: 1_795_594_572 });
    expect(events).toEqual([[0.5, 'i', 'ls\r'], [0.75, 'o', 'file.txt\r\n'], [0.75, 'r', '120x40']]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps a multi-byte character split across frames whole', async () => {
    const file = tmp();
    const r = new AsciicastRecorder(file, { width: 80, height: 24, maxBytes: 1e6 });
    const euro = Buffer.from('€');
    r.output(euro.subarray(0, 1));
    r.output(euro.subarray(1));
    await r.close();
    expect(lines(file)[1][2]).toBe('€');
  });

  it('stops at the size cap and says so', async () => {
    const file = tmp();
    const r = new AsciicastRecorder(file, { width: 80, height: 24, maxBytes: 2000 });
    for (let i = 0; i < 100; i++) r.output(Buffer.from('x'.repeat(100)));
    await r.close();
    expect(r.truncated).toBe(true);
    expect(fs.statSync(file).size).toBeLessThan(2200);
    expect(lines(file).at(-1)[2]).toContain('recording size limit reached');
  });
});

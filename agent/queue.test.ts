import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelpQueue, QUEUE_LIMITS } from './queue.js';

const home = () => fs.mkdtempSync(path.join(os.tmpdir(), 'deskside-queue-'));
const request = { summary: 'Printer jams', details: '', urgency: 'normal' as const, osUser: 'alice', diagnostics: null };

describe('help request queue', () => {
  it('keeps requests across instances (an agent restart), oldest first', () => {
    const h = home();
    const a = new HelpQueue(h).add(request);
    const b = new HelpQueue(h).add({ ...request, summary: 'Second one' });
    expect(new HelpQueue(h).pending().requests.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(fs.statSync(path.join(h, 'queue', `${a.id}.json`)).mode & 0o777).toBe(0o600);
  });
  it('moves a corrupt file aside, reports it, and keeps the others', () => {
    const h = home();
    const q = new HelpQueue(h);
    const good = q.add(request);
    fs.writeFileSync(path.join(q.dir, 'broken.json'), '{"id": ');
    fs.writeFileSync(path.join(q.dir, '6f1c2a4e-9b7d-4c3e-8a2f-1d0e9c8b7a65.json'), JSON.stringify({ id: '6f1c2a4e-9b7d-4c3e-8a2f-1d0e9c8b7a65', summary: 1 }));
    const { requests, problems } = q.pending();
    expect(requests.map((r) => r.id)).toEqual([good.id]);
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toContain('broken.json: not valid JSON');
    expect(fs.existsSync(path.join(q.dir, 'rejected', 'broken.json'))).toBe(true);
    expect(q.pending().problems).toEqual([]);
  });
  it('records what was sent and forgets the request', () => {
    const q = new HelpQueue(home());
    const r = q.add(request);
    q.markSent(r.id, 42);
    expect(q.pending().requests).toEqual([]);
    expect(q.sent(r.id)?.ticketId).toBe(42);
  });
  it('refuses invalid requests and a full queue', () => {
    const q = new HelpQueue(home());
    expect(() => q.add({ ...request, summary: 'x' })).toThrow();
    for (let i = 0; i < QUEUE_LIMITS.entries; i++) q.add(request);
    expect(() => q.add(request)).toThrow(/already holds/);
  });
});

import { describe, expect, it } from 'vitest';
import { FILE_LIMITS, type FileOpen } from '../../shared/protocol/files.js';
import type { ServerMessage } from '../../shared/protocol/messages.js';
import type { AgentLink } from '../relay/terminal/agentLink.js';
import { Transfer } from './transfer.js';

const ID = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';
function setup(op: FileOpen['op'] = 'read') {
  const sent: ServerMessage[] = [];
  const frames: Buffer[] = [];
  const link: AgentLink = { send: (m) => void sent.push(m), sendBinary: (f) => void frames.push(f), bufferedAmount: 0 };
  let ended = 0;
  const open: FileOpen = {
    type: 'file.open', sessionId: ID, op, path: '/tmp/x', offset: 0, size: op === 'write' ? 10 : null, sha256: null, archive: null,
    maxBytes: 1e9, consent: 'unattended', technician: 'tia', reason: null, ticketId: null,
  };
  const t = new Transfer(open, link, 'u1', () => void (ended += 1));
  t.start(60_000);
  return { t, sent, frames, ended: () => ended };
}
const accept = { type: 'file.accept', sessionId: ID, decision: 'not_required', entry: null } as const;

describe('Transfer', () => {
  it('holds download bytes that come before anyone takes them, then hands them over in order', () => {
    const { t } = setup();
    t.answer(accept);
    t.data(Buffer.from('ab'));
    t.data(Buffer.from('cd'));
    const got: string[] = [];
    t.consume((d) => got.push(d.toString()));
    t.data(Buffer.from('ef'));
    expect(got).toEqual(['ab', 'cd', 'ef']);
  });

  it('acknowledges what the reader took in batches, not byte by byte', () => {
    const { t, sent } = setup();
    t.answer(accept);
    t.taken(FILE_LIMITS.ackBatchBytes - 1);
    expect(sent.filter((m) => m.type === 'file.ack')).toHaveLength(0);
    t.taken(1);
    expect(sent.at(-1)).toEqual({ type: 'file.ack', sessionId: ID, bytes: FILE_LIMITS.ackBatchBytes });
  });

  it('spends upload credit per chunk and gets it back from the PC, never above a window', () => {
    const { t, frames } = setup('write');
    t.answer(accept);
    t.write(Buffer.alloc(FILE_LIMITS.chunkBytes * 2 + 1));
    expect(frames).toHaveLength(3);
    expect(t.credit).toBe(FILE_LIMITS.windowBytes - FILE_LIMITS.chunkBytes * 2 - 1);
    let told = 0;
    t.onCredit = () => void (told += 1);
    t.answer({ type: 'file.ack', sessionId: ID, bytes: 1 << 30 });
    expect(t.credit).toBe(FILE_LIMITS.windowBytes);
    expect(told).toBe(1);
  });

  it('turns the PC\'s refusal into a coded error, ends once, and tells the PC to stop only when asked', async () => {
    const { t, sent, ended } = setup();
    t.answer({ type: 'file.error', sessionId: ID, reason: 'no_space', message: '/x: the disk is full' });
    await expect(t.accepted).rejects.toMatchObject({ code: 'disk_full', status: 507, message: '/x: the disk is full' });
    t.fail(new Error('again') as never, true);
    expect(ended()).toBe(1);
    expect(sent.filter((m) => m.type === 'file.close')).toHaveLength(0);
  });

  it('ends a listing with its answer', async () => {
    const { t, ended } = setup('list');
    t.answer({ ...accept, entries: [] });
    expect((await t.accepted).entries).toEqual([]);
    expect(ended()).toBe(1);
    expect(t.state).toBe('ended');
  });
});

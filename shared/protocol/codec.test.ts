import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleInventory } from '../../test/fixtures/inventory.js';
import { inventoryHash } from '../inventoryHash.js';
import { decodeAgentMessage, decodeServerMessage, ErrorCode, MAX_FRAME_BYTES } from './index.js';

const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures/protocol');
const golden = (prefix: string) =>
  fs.readdirSync(fixtures).filter((f) => f.startsWith(prefix)).map((f) => [f, fs.readFileSync(path.join(fixtures, f), 'utf8')] as const);

describe('golden protocol frames', () => {
  it.each(golden('agent-'))('server side decodes %s', (_name, text) => {
    const r = decodeAgentMessage(text);
    expect(r.ok).toBe(true);
  });
  it.each(golden('server-'))('agent side decodes %s', (_name, text) => {
    const r = decodeServerMessage(text);
    expect(r.ok).toBe(true);
  });
  it('has fixtures for both directions', () => {
    expect(golden('agent-').length).toBeGreaterThanOrEqual(3);
    expect(golden('server-').length).toBeGreaterThanOrEqual(3);
  });
  it('a full inventory frame round-trips', () => {
    const document = sampleInventory();
    const r = decodeAgentMessage(JSON.stringify({ type: 'inventory', hash: inventoryHash(document), document }));
    expect(r).toMatchObject({ ok: true, message: { type: 'inventory' } });
  });
});

describe('decoding bad frames', () => {
  it('rejects invalid JSON with invalid_frame', () => {
    expect(decodeAgentMessage('{nope')).toMatchObject({ ok: false, code: ErrorCode.invalidFrame });
  });
  it('rejects an unknown type with unknown_type', () => {
    expect(decodeAgentMessage('{"type":"launch.missiles"}')).toMatchObject({ ok: false, code: ErrorCode.unknownType });
  });
  it('names the field that violates the schema', () => {
    const r = decodeAgentMessage('{"type":"heartbeat","seq":-1,"sentAt":1}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('seq');
  });
  it('rejects a binary or non-object frame', () => {
    expect(decodeAgentMessage(null)).toMatchObject({ ok: false, code: ErrorCode.invalidFrame });
    expect(decodeAgentMessage('[1,2]')).toMatchObject({ ok: false, code: ErrorCode.invalidFrame });
  });
  it('rejects an oversized frame', () => {
    expect(decodeAgentMessage('x'.repeat(MAX_FRAME_BYTES + 1))).toMatchObject({ ok: false, code: ErrorCode.frameTooLarge });
  });
});

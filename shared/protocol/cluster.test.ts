import { describe, expect, it } from 'vitest';
import { decodeClusterFrame, encodeClusterFrame, FrameKind, FromAgentControl, RemoteShellOpen, subjects, ToAgentControl } from './cluster.js';

describe('what nodes say to each other', () => {
  it('frames bytes and control with one kind byte, keeping the bytes as they were', () => {
    const bytes = Buffer.from([0, 1, 2, 255]);
    expect(decodeClusterFrame(encodeClusterFrame(FrameKind.data, bytes))).toEqual({ kind: FrameKind.data, body: bytes });
    const control = decodeClusterFrame(encodeClusterFrame(FrameKind.control, '{"a":1}'))!;
    expect([control.kind, control.body.toString()]).toEqual([FrameKind.control, '{"a":1}']);
    expect(decodeClusterFrame(new Uint8Array(0))).toBeNull();
  });

  it('accepts only the agent messages that may cross, checked like any input', () => {
    const sessionId = '6f1c3a52-7a4e-4c36-9d7e-2f1b8c0d9e11';
    expect(ToAgentControl.safeParse({ type: 'shell.ack', sessionId, bytes: 100 }).success).toBe(true);
    // Opening goes through its own request, never as session traffic.
    expect(ToAgentControl.safeParse({ type: 'shell.open', sessionId, cols: 80, rows: 24 }).success).toBe(false);
    expect(FromAgentControl.safeParse({ type: 'input.taken', sessionId, bytes: 0 }).success).toBe(false);
    expect(FromAgentControl.safeParse({ type: 'shell.exit', sessionId, exitCode: 0, signal: null }).success).toBe(true);
    expect(RemoteShellOpen.safeParse({ deviceId: 'not-a-uuid', origin: sessionId, open: {} }).success).toBe(false);
  });

  it("keeps each cluster's subjects apart", () => {
    expect(subjects('a').heartbeat).not.toBe(subjects('b').heartbeat);
    expect(subjects('deskside').toAgent('s1')).toBe('deskside.session.s1.to-agent');
  });
});

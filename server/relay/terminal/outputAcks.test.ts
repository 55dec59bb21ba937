import { afterEach, expect, it, vi } from 'vitest';
import { OutputAcks } from './outputAcks.js';

afterEach(() => vi.useRealTimers());

it('acknowledges what the socket took: at once from 64 KB, an echo 25 ms later with what followed', () => {
  vi.useFakeTimers();
  const sent: number[] = [];
  const acks = new OutputAcks(false, (bytes) => sent.push(bytes));
  acks.sending(5)!();
  acks.sending(7)!();
  vi.advanceTimersByTime(24);
  expect(sent).toEqual([]);
  vi.advanceTimersByTime(1);
  expect(sent).toEqual([12]);
  acks.sending(64 * 1024)!();
  expect(sent).toEqual([12, 64 * 1024]);
  // A send that failed is not acknowledged: the bytes never reached the technician.
  acks.sending(100)!(new Error('socket closed'));
  vi.advanceTimersByTime(100);
  expect(sent).toEqual([12, 64 * 1024]);
});

it('with client acknowledgements counts only what the client says it has shown, and refuses more', () => {
  vi.useFakeTimers();
  const sent: number[] = [];
  const acks = new OutputAcks(true, (bytes) => sent.push(bytes));
  expect(acks.sending(70_000)).toBeUndefined();
  vi.advanceTimersByTime(100);
  expect(sent).toEqual([]);
  expect(acks.fromClient(70_001)).toBe('acknowledged 70001 bytes, but only 70000 were sent and not yet acknowledged');
  expect(acks.fromClient(65_536)).toBeNull();
  expect(sent).toEqual([65_536]);
  expect(acks.fromClient(4_464)).toBeNull();
  vi.advanceTimersByTime(25);
  expect(sent).toEqual([65_536, 4_464]);
  expect(acks.fromClient(1)).toMatch(/only 0 were sent/);
});

it('refuses client acknowledgements on a socket-flow session, and sends nothing once stopped', () => {
  vi.useFakeTimers();
  const sent: number[] = [];
  const acks = new OutputAcks(false, (bytes) => sent.push(bytes));
  expect(acks.fromClient(10)).toBe('acknowledgements need "flow":"ack" in the auth frame');
  const taken = acks.sending(10)!;
  acks.stop();
  taken();
  vi.advanceTimersByTime(100);
  expect(sent).toEqual([]);
});

import { describe, expect, it } from 'vitest';
import { SseReader } from './sse.js';

describe('reading a server-sent event stream', () => {
  it('yields each event once complete, however the text is cut, and skips pings and retry lines', () => {
    const r = new SseReader();
    expect(r.push('retry: 3000\n\nevent: hel')).toEqual([]);
    expect(r.push('lo\ndata: {"a":1}\n\n: ping\n\nevent: ticket\ndata: {"b"')).toEqual([{ event: 'hello', data: '{"a":1}' }]);
    expect(r.push(':2}\n\ndata: plain\n\n')).toEqual([
      { event: 'ticket', data: '{"b":2}' },
      { event: 'message', data: 'plain' },
    ]);
  });
});

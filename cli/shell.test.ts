import { describe, expect, it } from 'vitest';
import { EscapeDetector } from './shell.js';

const feed = (d: EscapeDetector, s: string) => {
  const r = d.feed(Buffer.from(s));
  return { forward: r.forward.toString(), disconnect: r.disconnect };
};

describe('the Enter ~ . escape', () => {
  it('disconnects on ~. at the start of a line, split across reads or not', () => {
    expect(feed(new EscapeDetector(), '~.')).toEqual({ forward: '', disconnect: true });
    const d = new EscapeDetector();
    expect(feed(d, 'ls\r')).toEqual({ forward: 'ls\r', disconnect: false });
    expect(feed(d, '~')).toEqual({ forward: '', disconnect: false });
    expect(feed(d, '.')).toEqual({ forward: '', disconnect: true });
  });

  it('passes a tilde through anywhere else, and a held tilde once the next key is not a dot', () => {
    const d = new EscapeDetector();
    expect(feed(d, 'cd ~/x')).toEqual({ forward: 'cd ~/x', disconnect: false });
    expect(feed(d, '\r~')).toEqual({ forward: '\r', disconnect: false });
    expect(feed(d, '/bin')).toEqual({ forward: '~/bin', disconnect: false });
    expect(feed(d, '~.')).toEqual({ forward: '~.', disconnect: false });
  });
});

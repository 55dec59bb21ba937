import { describe, expect, it } from 'vitest';
import { cleanFilename, sniff } from './fileKind.js';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('sniff', () => {
  it('names images by their signature, whatever they are called', () => {
    expect(sniff(png)).toEqual({ kind: 'image', contentType: 'image/png' });
    expect(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toMatchObject({ contentType: 'image/jpeg' });
    expect(sniff(Buffer.from('GIF89a....'))).toMatchObject({ contentType: 'image/gif' });
    expect(sniff(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toMatchObject({ contentType: 'image/webp' });
  });

  it('calls SVG and HTML text, never an image', () => {
    expect(sniff(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toEqual({ kind: 'text', contentType: 'text/plain; charset=utf-8' });
    expect(sniff(Buffer.from('<html><body>hi</body></html>')).kind).toBe('text');
  });

  it('tells logs from binaries', () => {
    expect(sniff(Buffer.from('2026-12-02 10:00:01 kernel: usb 1-1: new device\n')).kind).toBe('text');
    expect(sniff(Buffer.from('Grüße, ça va — ✓\n')).kind).toBe('text');
    expect(sniff(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x14])).kind).toBe('binary');
    expect(sniff(Buffer.from([0xc3, 0x28, 0x41])).kind).toBe('binary');
    expect(sniff(Buffer.alloc(0)).kind).toBe('text');
  });

  it('keeps a long log text when the probe cuts a character in two', () => {
    const log = Buffer.from('é'.repeat(40_000));
    expect(log.length).toBeGreaterThan(64 * 1024);
    expect(sniff(log).kind).toBe('text');
  });
});

describe('cleanFilename', () => {
  it('keeps the last path part only', () => {
    expect(cleanFilename('C:\\Users\\ana\\Desktop\\screen.png')).toBe('screen.png');
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename(' app\u0000.log ')).toBe('app.log');
  });
  it('refuses names that leave nothing', () => {
    expect(cleanFilename('a/')).toEqual({ error: 'filename: expected a file name' });
    expect(cleanFilename('..')).toEqual({ error: 'filename: expected a file name' });
    expect(cleanFilename('x'.repeat(201))).toEqual({ error: 'filename: at most 200 characters' });
  });
});

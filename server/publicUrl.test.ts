import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { publicUrl } from './publicUrl.js';

describe('public URL', () => {
  it('is DESKSIDE_PUBLIC_URL when set', () => {
    expect(publicUrl({ publicUrl: 'https://deskside.example.com', host: '0.0.0.0' }, 8080)).toBe('https://deskside.example.com');
  });
  it('is the listening address otherwise', () => {
    expect(publicUrl({ publicUrl: undefined, host: '127.0.0.1' }, 8080)).toBe('http://127.0.0.1:8080');
    expect(publicUrl({ publicUrl: undefined, host: '10.1.2.3' }, 9000)).toBe('http://10.1.2.3:9000');
    expect(publicUrl({ publicUrl: undefined, host: '::1' }, 8080)).toBe('http://[::1]:8080');
  });
  it('never names a wildcard address', () => {
    for (const host of ['0.0.0.0', '::']) {
      const url = publicUrl({ publicUrl: undefined, host }, 8080);
      expect(url).not.toMatch(/0\.0\.0\.0|\[::\]/);
      const external = Object.values(os.networkInterfaces()).flat().find((a) => a?.family === 'IPv4' && !a.internal)?.address;
      expect(url).toBe(`http://${external ?? os.hostname()}:8080`);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { localName, parseRemote, remoteJoin } from './cp.js';
import { formatBytes, Progress } from './progress.js';

describe('deskside cp arguments', () => {
  it('tells DEVICE:PATH from a local path, a Windows drive letter included', () => {
    expect(parseRemote('pc-042:/var/log/syslog')).toEqual({ device: 'pc-042', path: '/var/log/syslog' });
    expect(parseRemote('LAPTOP:C:\\Users\\ann\\a.txt')).toEqual({ device: 'LAPTOP', path: 'C:\\Users\\ann\\a.txt' });
    expect(parseRemote('C:\\temp\\a.txt')).toBeNull();
    expect(parseRemote('./notes.txt')).toBeNull();
    expect(parseRemote('/tmp/a:b')).toBeNull();
  });

  it('never lets a name from the PC be a path here', () => {
    expect(localName('syslog')).toBe('syslog');
    expect(localName('../../.profile')).toBe('.profile');
    expect(localName('C:\\Windows\\evil.dll')).toBe('evil.dll');
    expect(localName('..')).toBe('download');
    expect(localName('/')).toBe('download');
  });

  it('joins a name onto a folder on the PC with that folder\'s separator', () => {
    expect(remoteJoin('/tmp', 'a.txt')).toBe('/tmp/a.txt');
    expect(remoteJoin('/tmp/', 'a.txt')).toBe('/tmp/a.txt');
    expect(remoteJoin('C:\\Temp', 'a.txt')).toBe('C:\\Temp\\a.txt');
  });
});

describe('progress', () => {
  it('says how much, how fast and how long is left', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MB');
    const p = new Progress('disk.img', 100 * 1024 * 1024, 0, { isTTY: false } as NodeJS.WriteStream);
    const line = p.line(50 * 1024 * 1024, Date.now() + 5000);
    expect(line).toMatch(/^disk\.img \[#{12}\.{12}\]  50%  50 MB of 100 MB  10 MB\/s  5 s left$/);
  });
});

import { describe, expect, it } from 'vitest';
import { consoleUserFromWho, parsePasswdLine, resolveShellUser } from './shellUser.js';

describe('whom a remote shell runs as', () => {
  it('reads passwd lines', () => {
    expect(parsePasswdLine('emma:x:1001:1001:Emma,,,:/home/emma:/bin/zsh\n')).toEqual({ name: 'emma', uid: 1001, gid: 1001, home: '/home/emma', shell: '/bin/zsh' });
    expect(parsePasswdLine('garbage')).toBeNull();
    expect(parsePasswdLine('x:x:notanumber:1:::/bin/sh')).toBeNull();
  });

  it('finds the person at the screen, not a remote login', () => {
    const who = ['admin    pts/0        2026-11-25 09:00 (10.0.0.5)', 'emma     :0           2026-11-25 08:12 (:0)', 'bob      tty2         2026-11-25 08:30'].join('\n');
    expect(consoleUserFromWho(who)).toBe('emma');
    expect(consoleUserFromWho('bob      tty2         2026-11-25 08:30')).toBe('bob');
    expect(consoleUserFromWho('kim      seat0        2026-11-25 08:30 (login screen)')).toBe('kim');
    expect(consoleUserFromWho('admin    pts/0        2026-11-25 09:00 (10.0.0.5)')).toBeNull();
    expect(consoleUserFromWho('')).toBeNull();
  });

  it('keeps the agent’s own account when it is not root, or when told "root"', () => {
    expect(resolveShellUser('nobody', false)).toBeNull();
    expect(resolveShellUser('root', true)).toBeNull();
  });

  it.runIf(process.platform === 'linux')('looks up a named account, and names a missing one', () => {
    expect(resolveShellUser('nobody', true)).toMatchObject({ name: 'nobody', uid: 65534 });
    expect(() => resolveShellUser('no-such-user-here', true)).toThrow(/no user "no-such-user-here"/);
  });
});

import { describe, expect, it } from 'vitest';
import { accountFromTasklist, consoleUserFromQuery, peerPidFromNetstat } from './windowsPeer.js';

// Output as Windows 10/11 prints it (netstat -ano -p TCP; tasklist /v /fo csv /nh; query user).
const NETSTAT = `
Active Connections

  Proto  Local Address          Foreign Address        State           PID
  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1044
  TCP    127.0.0.1:8765         0.0.0.0:0              LISTENING       6120
  TCP    127.0.0.1:8765         127.0.0.1:50000        ESTABLISHED     6120
  TCP    127.0.0.1:50000        127.0.0.1:8765         ESTABLISHED     9304
  TCP    127.0.0.1:50001        127.0.0.1:8765         HERGESTELLT     7712
`.replace(/\n/g, '\r\n');

const TASKLIST = `"msedge.exe","9304","Console","1","98,512 K","Running","CORP\\alice","0:00:07","Help - Deskside"\r\n`;

describe('the owner of a loopback connection on Windows', () => {
  const us = { ip: '127.0.0.1', port: 8765 };

  it('is the process at the client end: local address the peer, foreign address ours', () => {
    expect(peerPidFromNetstat(NETSTAT, { ip: '127.0.0.1', port: 50000 }, us)).toBe(9304);
    // A localised state word changes nothing: only the columns' places are read.
    expect(peerPidFromNetstat(NETSTAT, { ip: '127.0.0.1', port: 50001 }, us)).toBe(7712);
    expect(peerPidFromNetstat(NETSTAT, { ip: '127.0.0.1', port: 50002 }, us)).toBeNull();
  });

  it("is that process's account, without its domain", () => {
    expect(accountFromTasklist(TASKLIST, 9304)).toBe('alice');
    expect(accountFromTasklist(TASKLIST, 9305)).toBeNull();
    expect(accountFromTasklist('"svchost.exe","1044","Services","0","12,000 K","Unknown","N/A","0:00:01","N/A"', 1044)).toBeNull();
    expect(accountFromTasklist('INFO: No tasks are running which match the specified criteria.', 1)).toBeNull();
    expect(accountFromTasklist('"a ""b"".exe","12","Console","1","1 K","Running","bob","0:00:00","N/A"', 12)).toBe('bob');
  });

  it('is compared with the account at the console session', () => {
    const quser = [
      ' USERNAME              SESSIONNAME        ID  STATE   IDLE TIME  LOGON TIME',
      ' bob                   rdp-tcp#3           2  Active          5  12/1/2026 8:10 AM',
      '>alice                 console             1  Active       none  12/1/2026 9:00 AM',
    ].join('\r\n');
    expect(consoleUserFromQuery(quser)).toBe('alice');
    expect(consoleUserFromQuery(quser.replace('console', 'rdp-tcp#4'))).toBeNull();
    expect(consoleUserFromQuery('No User exists for *')).toBeNull();
  });
});

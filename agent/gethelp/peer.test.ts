import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { lsofPeerUid, peerUidFromLsof, peerUidFromProc, peerUser } from './peer.js';
import fs from 'node:fs';

const PROC = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:223D 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 100 0 0 10 0
   1: 0100007F:C350 0100007F:223D 01 00000000:00000000 00:00000000 00000000  1000        0 2002 1 0000000000000000 20 4 30 10 -1
   2: 0100007F:223D 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 3003 1 0000000000000000 20 4 30 10 -1
   3: 0100007F:C351 0100007F:223D 01 00000000:00000000 00:00000000 00000000  1001        0 4004 1 0000000000000000 20 4 30 10 -1`;

describe('the owner of a loopback connection', () => {
  it('is the uid of the client end: local address the peer, remote address ours', () => {
    const us = { ip: '127.0.0.1', port: 8765 };
    expect(peerUidFromProc(PROC, { ip: '127.0.0.1', port: 50000 }, us)).toBe(1000);
    expect(peerUidFromProc(PROC, { ip: '127.0.0.1', port: 50001 }, us)).toBe(1001);
    expect(peerUidFromProc(PROC, { ip: '127.0.0.1', port: 50002 }, us)).toBeNull();
  });

  it.runIf(process.platform === 'linux')('is read for a real connection: this process is its own peer', async () => {
    const server = http.createServer((req, res) => void peerUser(req.socket).then((who) => res.end(JSON.stringify(who))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const who = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as { uid: number; name: string };
      expect(who.uid).toBe(process.getuid!());
      expect(who.name).toBe((await import('node:os')).userInfo().username);
    } finally {
      server.close();
    }
  });

  it('is read from lsof output the same way (macOS has no /proc)', () => {
    const out = 'p6988\nu501\nn127.0.0.1:50000->127.0.0.1:8765\np7000\nu0\nn127.0.0.1:8765->127.0.0.1:50000\n';
    expect(peerUidFromLsof(out, { ip: '127.0.0.1', port: 50000 }, { ip: '127.0.0.1', port: 8765 })).toBe(501);
    expect(peerUidFromLsof(out, { ip: '127.0.0.1', port: 50001 }, { ip: '127.0.0.1', port: 8765 })).toBeNull();
  });

  // lsof is the same program on Linux: the macOS path is run for real here. CI installs it.
  it.runIf(fs.existsSync('/usr/bin/lsof') || process.env.CI)('is read with the real lsof for a real connection', async () => {
    const server = http.createServer((req, res) => {
      const s = req.socket;
      void lsofPeerUid({ ip: s.remoteAddress!.replace(/^::ffff:/, ''), port: s.remotePort! }, { ip: '127.0.0.1', port: s.localPort! }).then((uid) => res.end(JSON.stringify(uid)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).json()).toBe(process.getuid!());
    } finally {
      server.close();
    }
  });
});

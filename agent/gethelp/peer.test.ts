import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { peerUidFromProc, peerUser } from './peer.js';

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
    const server = http.createServer((req, res) => res.end(JSON.stringify(peerUser(req.socket))));
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
});

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { Socket } from 'node:net';
import { promisify } from 'node:util';
import { lookup } from '../shell/shellUser.js';
import { windowsPeerAccount } from './windowsPeer.js';

/** "127.0.0.1:8765" as /proc/net/tcp writes it: the address as little-endian hex, the port as hex. */
function procAddress(ip: string, port: number): string {
  const hex = ip
    .split('.')
    .map((b) => Number(b).toString(16).padStart(2, '0').toUpperCase())
    .reverse()
    .join('');
  return `${hex}:${port.toString(16).padStart(4, '0').toUpperCase()}`;
}

/**
 * The uid owning the client end of a loopback TCP connection, from the text of /proc/net/tcp:
 * the row whose local address is the client's (our peer) and whose remote address is ours.
 */
export function peerUidFromProc(procText: string, peer: { ip: string; port: number }, us: { ip: string; port: number }): number | null {
  const local = procAddress(peer.ip, peer.port);
  const remote = procAddress(us.ip, us.port);
  for (const line of procText.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid ...
    if (f[1] === local && f[2] === remote) {
      const uid = Number(f[7]);
      return Number.isInteger(uid) ? uid : null;
    }
  }
  return null;
}

/**
 * The same from `lsof -nP -iTCP@IP:PORT -F pun` output (macOS, where there is no /proc): per
 * process a `p` and a `u` line, then an `n` line per socket, "client->server" for the client end.
 */
export function peerUidFromLsof(lsofText: string, peer: { ip: string; port: number }, us: { ip: string; port: number }): number | null {
  const wanted = `${peer.ip}:${peer.port}->${us.ip}:${us.port}`;
  let uid: number | null = null;
  for (const line of lsofText.split('\n')) {
    if (line.startsWith('p')) uid = null;
    else if (line.startsWith('u')) uid = Number(line.slice(1));
    else if (line.startsWith('n') && line.slice(1) === wanted) return uid !== null && Number.isInteger(uid) ? uid : null;
  }
  return null;
}

/** Runs lsof for one loopback port (without blocking the agent); null when lsof is missing or fails. */
export async function lsofPeerUid(peer: { ip: string; port: number }, us: { ip: string; port: number }): Promise<number | null> {
  try {
    const { stdout } = await promisify(execFile)('lsof', ['-nP', `-iTCP@${peer.ip}:${peer.port}`, '-F', 'pun'], { encoding: 'utf8', timeout: 5000 });
    return peerUidFromLsof(stdout, peer, us);
  } catch {
    return null;
  }
}

export interface PeerUser {
  /** The POSIX uid; null on Windows, where accounts are known by name. */
  uid: number | null;
  name: string;
}

/** Per connection: a browser sends many requests over one keep-alive socket, asked about once. */
const bySocket = new WeakMap<object, Promise<PeerUser | null>>();
/** Account names by uid: looked up once per agent, not per request. */
const names = new Map<number, string | null>();

/**
 * The local account behind a connection to the Get-help page, where the OS can tell. Linux: the
 * kernel records which uid opened each TCP socket (/proc/net/tcp). macOS: lsof reads the same
 * from the kernel (it needs the agent to run as root to see other users' sockets, as the service
 * does). Windows: the owning process of the TCP connection and that process's account
 * (windowsPeer.ts; the service runs as LocalSystem, which may inspect every process).
 */
export function peerUser(socket: Pick<Socket, 'remoteAddress' | 'remotePort' | 'localAddress' | 'localPort'>): Promise<PeerUser | null> {
  let known = bySocket.get(socket);
  if (!known) {
    known = findPeerUser(socket);
    bySocket.set(socket, known);
  }
  return known;
}

async function findPeerUser(socket: Pick<Socket, 'remoteAddress' | 'remotePort' | 'localAddress' | 'localPort'>): Promise<PeerUser | null> {
  if (process.platform !== 'linux' && process.platform !== 'darwin' && process.platform !== 'win32') return null;
  const plain = (a: string | undefined) => (a ?? '').replace(/^::ffff:/, '');
  const peer = { ip: plain(socket.remoteAddress), port: socket.remotePort ?? 0 };
  const us = { ip: plain(socket.localAddress), port: socket.localPort ?? 0 };
  if (!/^127\.\d+\.\d+\.\d+$/.test(peer.ip) || !/^127\.\d+\.\d+\.\d+$/.test(us.ip)) return null;
  if (process.platform === 'win32') {
    const name = await windowsPeerAccount(peer, us);
    return name ? { uid: null, name } : null;
  }
  let uid: number | null;
  if (process.platform === 'darwin') uid = await lsofPeerUid(peer, us);
  else {
    try {
      uid = peerUidFromProc(await fs.promises.readFile('/proc/net/tcp', 'utf8'), peer, us);
    } catch {
      return null;
    }
  }
  if (uid === null) return null;
  if (!names.has(uid)) names.set(uid, lookup(String(uid))?.name ?? null);
  const name = names.get(uid);
  return name ? { uid, name } : null;
}

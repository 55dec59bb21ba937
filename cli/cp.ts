import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileStat, TransferView } from '../shared/api/files.js';
import { ApiRequestError } from '../shared/api/requestError.js';
import { parse, UsageError } from '../shared/cli.js';
import { PARTIAL_SUFFIX } from '../shared/protocol/files.js';
import { authed } from './api.js';
import type { Login } from './config.js';
import { formatBytes, Progress } from './progress.js';
import { findDevice } from './run.js';
import { readJson, streamRequest } from './transferHttp.js';

const out = (line: string): void => void process.stdout.write(`${line}\n`);

/** `DEVICE:PATH` (a device name has two characters or more, so `C:\x` stays a local path). */
export function parseRemote(arg: string): { device: string; path: string } | null {
  const m = /^([^:/\\]{2,}):(.+)$/.exec(arg);
  return m ? { device: m[1]!, path: m[2]! } : null;
}

/** Joins a name onto a folder on the PC, with the folder's own separator. */
export function remoteJoin(folder: string, name: string): string {
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(sep) ? folder + name : folder + sep + name;
}

/**
 * A name the PC gave, as a file name here: never a path (a PC, or a server, that answers
 * "../../.profile" must not choose where the file lands).
 */
export function localName(name: string): string {
  const plain = name.split(/[\\/]/).pop() ?? '';
  if (plain === '' || plain === '.' || plain === '..' || plain.includes('\0')) return 'download';
  return plain;
}

/** Failures worth trying again after a moment: the connection, the PC going away, a stall. */
function retryable(err: unknown): boolean {
  return err instanceof ApiRequestError && ['unreachable', 'transfer_failed', 'device_offline', 'unavailable'].includes(err.code);
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

interface Options {
  login: Login;
  deviceId: string;
  query: URLSearchParams;
  retryMs: number;
}

/**
 * Runs one attempt after another while they fail for a reason that may pass, as long as the
 * last progress was less than the retry time ago.
 */
async function withRetries<T>(o: Options, what: string, attempt: () => Promise<T>, progressed: () => number): Promise<T> {
  let lastProgress = Date.now();
  let seen = progressed();
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (progressed() !== seen) {
        seen = progressed();
        lastProgress = Date.now();
      }
      if (!retryable(err) || Date.now() - lastProgress > o.retryMs) throw err;
      process.stderr.write(`${what}: ${(err as Error).message}; trying again\n`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

const stat = (o: Options, p: string) => authed<FileStat>(o.login, 'GET', `/api/v1/devices/${o.deviceId}/files/stat?${withPath(o.query, p)}`);

function withPath(q: URLSearchParams, p: string): URLSearchParams {
  const copy = new URLSearchParams(q);
  copy.set('path', p);
  return copy;
}

/** A byte counter between the network and the disk, feeding the progress bar. */
function counter(onBytes: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
}

/** A transfer's record once the server wrote how it ended (just after its last byte went). */
async function ended(login: Login, id: string): Promise<TransferView> {
  for (let i = 0; ; i++) {
    const record = await authed<TransferView>(login, 'GET', `/api/v1/transfers/${id}`);
    if (record.state !== 'running' || i >= 100) return record;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function download(o: Options, remote: string, local: string, archive: 'tar.gz' | 'zip' | undefined): Promise<void> {
  const s = await stat(o, remote);
  if (!s.entry) throw new Error(`${remote}: no such file or folder on the PC`);
  const folder = s.entry.type === 'dir';
  const base = localName(s.entry.name);
  const name = folder ? `${base}.${archive ?? 'tar.gz'}` : base;
  const target = local.endsWith(path.sep) || local.endsWith('/') || fs.statSync(local, { throwIfNoEntry: false })?.isDirectory() ? path.join(local, name) : local;
  const part = target + PARTIAL_SUFFIX;
  // A partial file of an earlier try of the same file is continued; an archive starts over.
  let have = !folder ? (fs.statSync(part, { throwIfNoEntry: false })?.size ?? 0) : 0;
  if (have > s.entry.size) have = 0;
  if (have === 0) fs.writeFileSync(part, '');
  const progress = new Progress(path.basename(target), folder ? null : s.entry.size, have);
  let transfer = '';
  await withRetries(
    o,
    'download',
    async () => {
      if (folder) {
        have = 0;
        fs.writeFileSync(part, '');
      } else {
        // What reached the disk, not what was counted on the way: bytes still buffered for
        // the file when a try broke off were never written.
        have = fs.statSync(part).size;
      }
      const q = withPath(o.query, remote);
      if (folder) q.set('archive', archive ?? 'tar.gz');
      const res = await streamRequest(o.login, 'GET', `/api/v1/devices/${o.deviceId}/files/content?${q}`, { headers: have > 0 ? { range: `bytes=${have}-` } : {} });
      transfer = String(res.headers['x-deskside-transfer'] ?? '');
      const expected = Number(res.headers['content-length'] ?? NaN);
      let got = 0;
      try {
        await pipeline(
          res,
          counter((n) => {
            got += n;
            have += n;
            progress.update(have);
          }),
          fs.createWriteStream(part, { flags: 'a' }),
        );
      } catch (err) {
        throw new ApiRequestError(0, 'unreachable', `the download broke off: ${(err as Error).message}`);
      }
      // A body cut short by a failure on the PC's side ends without an error on some stacks.
      if (Number.isFinite(expected) && got !== expected) throw new ApiRequestError(0, 'transfer_failed', `the download stopped at ${have} bytes`);
    },
    () => have,
  );
  progress.end();
  const record = await ended(o.login, transfer);
  if (record.state !== 'done' || !record.sha256) {
    throw new Error(`the transfer did not finish on the server (${record.state}${record.error ? `: ${record.error}` : ''}); run the same command to resume`);
  }
  const sha = await sha256File(part);
  if (sha !== record.sha256) {
    fs.rmSync(part, { force: true });
    throw new Error(`the file arrived with SHA-256 ${sha}, but the PC sent ${record.sha256}; it was not kept`);
  }
  fs.renameSync(part, target);
  out(`${target}: ${formatBytes(fs.statSync(target).size)}, sha256 ${sha}`);
}

async function upload(o: Options, local: string, remote: string): Promise<void> {
  const st = fs.statSync(local, { throwIfNoEntry: false });
  if (!st) throw new UsageError(`${local}: no such file`);
  if (!st.isFile()) throw new UsageError(`${local} is not a file (cp uploads one file; pack a folder first)`);
  let target = remote;
  const there = await stat(o, remote);
  if (remote.endsWith('/') || remote.endsWith('\\') || there.entry?.type === 'dir') target = remoteJoin(remote, path.basename(local));
  const sha = await sha256File(local);
  const size = st.size;
  const progress = new Progress(path.basename(local), size);
  let sent = 0;
  const result = await withRetries(
    o,
    'upload',
    async () => {
      // What the PC kept of an earlier try is not sent again.
      const kept = (await stat(o, target)).partialBytes;
      const offset = kept <= size ? kept : 0;
      const q = withPath(o.query, target);
      q.set('size', String(size));
      q.set('offset', String(offset));
      q.set('sha256', sha);
      sent = offset;
      const body = fs.createReadStream(local, { start: offset }).pipe(
        counter((n) => {
          sent += n;
          progress.update(sent);
        }),
      );
      const res = await streamRequest(o.login, 'PUT', `/api/v1/devices/${o.deviceId}/files/content?${q}`, {
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(size - offset) },
        body,
      });
      return readJson<TransferView>(res);
    },
    () => sent,
  );
  progress.end();
  out(`${target}: ${formatBytes(size)}, sha256 ${result.sha256}`);
}

/**
 * `deskside cp`: a file to a PC, or a file or folder (packed) from one. Interrupted transfers
 * go on where they stopped, by themselves while the failure looks passing and by running the
 * same command again; what arrives is checked against its SHA-256.
 */
export async function copyCommand(login: Login, args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    { ticket: { type: 'string' }, reason: { type: 'string' }, archive: { type: 'string' }, 'retry-seconds': { type: 'string' } },
    2,
  );
  if (positionals.length !== 2) throw new UsageError('cp needs a SOURCE and a TARGET, one of them DEVICE:PATH');
  const [from, to] = positionals as [string, string];
  const remoteFrom = parseRemote(from);
  const remoteTo = parseRemote(to);
  if (Boolean(remoteFrom) === Boolean(remoteTo)) throw new UsageError('cp copies between this computer and a PC: exactly one of SOURCE and TARGET is DEVICE:PATH');
  if (values.archive !== undefined && values.archive !== 'tar.gz' && values.archive !== 'zip') throw new UsageError(`--archive: "${values.archive}" is not tar.gz or zip`);
  const retrySeconds = values['retry-seconds'] === undefined ? 60 : Number(values['retry-seconds']);
  if (!Number.isFinite(retrySeconds) || retrySeconds < 0) throw new UsageError(`--retry-seconds: "${values['retry-seconds']}" is not a number of seconds`);
  const query = new URLSearchParams();
  if (values.ticket !== undefined) {
    if (!/^[1-9]\d{0,9}$/.test(values.ticket)) throw new UsageError(`--ticket: "${values.ticket}" is not a ticket number`);
    query.set('ticket', values.ticket);
  }
  if (values.reason !== undefined) {
    if (values.reason.length > 500) throw new UsageError('--reason: at most 500 characters');
    query.set('reason', values.reason);
  }
  const remote = (remoteFrom ?? remoteTo)!;
  const device = await findDevice(login, remote.device);
  const o: Options = { login, deviceId: device.id, query, retryMs: retrySeconds * 1000 };
  if (remoteFrom) await download(o, remoteFrom.path, to, values.archive as 'tar.gz' | 'zip' | undefined);
  else await upload(o, from, remoteTo!.path);
  return 0;
}

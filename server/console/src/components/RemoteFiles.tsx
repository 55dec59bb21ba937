import { useEffect, useRef, useState } from 'react';
import type { DownloadLink, FileEntry, FolderListing, TransferView } from '../../../../shared/api/files.js';
import { progressFacts, progressWords } from '../../../../shared/transferProgress.js';
import { bytes } from './Badges.js';
import { api, ApiError, getToken } from '../api.js';

/** Above this, the console does not hash a file in the browser's memory (the PC still hashes it). */
const HASH_IN_BROWSER_MAX = 512 * 1024 * 1024;

interface Moving {
  label: string;
  done: number;
  total: number | null;
  started: number;
}

async function sha256Hex(blob: Blob): Promise<string | null> {
  if (blob.size > HASH_IN_BROWSER_MAX || !crypto.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Where browsing starts on a PC: the root of its file system. */
export function filesStart(os: string | null): string {
  return os && /windows/i.test(os) ? 'C:\\' : '/';
}

function parentOf(p: string): string {
  const sep = p.includes('\\') && !p.includes('/') ? '\\' : '/';
  const trimmed = p.length > 1 && p.endsWith(sep) ? p.slice(0, -1) : p;
  const i = trimmed.lastIndexOf(sep);
  if (i <= 0) return sep === '/' ? '/' : trimmed.slice(0, 3);
  return sep === '\\' && i === 2 ? trimmed.slice(0, 3) : trimmed.slice(0, i);
}

function childOf(folder: string, name: string): string {
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(sep) ? folder + name : folder + sep + name;
}

/** The record of a transfer once the server wrote how it ended. */
async function ended(id: string): Promise<TransferView> {
  for (let i = 0; ; i++) {
    const t = await api.get<TransferView>(`/api/v1/transfers/${id}`);
    if (t.state !== 'running' || i > 50) return t;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A PC's files, as a shell's account sees them: browse folders, download a file or a folder
 * (packed), upload into the folder shown; each with a progress bar, speed and time left, and
 * the SHA-256 checked at the end where the browser can hold the file.
 */
export function RemoteFiles({ deviceId, ticketId, start }: { deviceId: string; ticketId?: number; start: string }) {
  const [path, setPath] = useState(start);
  const [typed, setTyped] = useState(start);
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [moving, setMoving] = useState<Moving | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const ticket = ticketId ? `&ticket=${ticketId}` : '';
  const base = `/api/v1/devices/${deviceId}/files`;

  // Only the latest listing asked for is shown, whichever answer comes last.
  const asked = useRef(0);
  const load = async (p: string) => {
    const mine = ++asked.current;
    setLoading(true);
    setError(null);
    try {
      const l = await api.get<FolderListing>(`${base}?path=${encodeURIComponent(p)}${ticket}`);
      if (mine !== asked.current) return;
      setListing(l);
      setPath(p);
      setTyped(p);
    } catch (err) {
      if (mine === asked.current) setError((err as Error).message);
    } finally {
      if (mine === asked.current) setLoading(false);
    }
  };
  useEffect(() => void load(start), [deviceId]);

  const download = async (entry: FileEntry, archive?: 'tar.gz' | 'zip') => {
    const full = childOf(path, entry.name);
    const name = archive ? `${entry.name}.${archive}` : entry.name;
    setResult(null);
    setError(null);
    // A packed folder (size unknown until packed) or a file too large to check here is fetched
    // by the browser's own downloads, which write it to disk as it arrives; the page would
    // have to hold all of it.
    if (archive || entry.size > HASH_IN_BROWSER_MAX) {
      try {
        // Asked first in the page, where a refusal or an unanswered consent prompt can be
        // shown (a yes lets this technician go on); the browser's downloads would only say "Failed".
        await api.get(`${base}/stat?path=${encodeURIComponent(full)}${ticket}`);
        const link = await api.post<DownloadLink>(`${base}/link`, { path: full, ...(archive ? { archive } : {}), ...(ticketId ? { ticket: ticketId } : {}) });
        const a = document.createElement('a');
        a.href = link.url;
        a.download = name;
        a.click();
        setResult(`${name}: in your browser's downloads; the PC's SHA-256 of it is in the transfers of this PC once it is done`);
      } catch (err) {
        setError((err as Error).message);
      }
      return;
    }
    const m: Moving = { label: `Downloading ${name}`, done: 0, total: entry.size, started: Date.now() };
    setMoving(m);
    try {
      const res = await fetch(`${base}/content?path=${encodeURIComponent(full)}${ticket}`, { headers: { authorization: `Bearer ${getToken() ?? ''}` } });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
        throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
      }
      const reader = res.body.getReader();
      const parts: Uint8Array[] = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        m.done += value.length;
        setMoving({ ...m });
      }
      const blob = new Blob(parts as BlobPart[]);
      const record = await ended(res.headers.get('x-deskside-transfer') ?? '');
      if (record.state !== 'done') throw new Error(`the download did not finish: ${record.error ?? record.state}`);
      const mine = await sha256Hex(blob);
      if (mine && mine !== record.sha256) throw new Error(`the file arrived with SHA-256 ${mine}, not ${record.sha256} as sent; it was not saved`);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = name;
      link.click();
      URL.revokeObjectURL(link.href);
      setResult(`${name}: ${bytes(blob.size)}, SHA-256 ${record.sha256}${mine ? ' (checked)' : ''}`);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setMoving(null);
    }
  };

  const upload = async (file: File) => {
    setResult(null);
    setError(null);
    const target = childOf(path, file.name);
    const m: Moving = { label: `Uploading ${file.name}`, done: 0, total: file.size, started: Date.now() };
    setMoving(m);
    try {
      const sha = await sha256Hex(file);
      const q = new URLSearchParams({ path: target, size: String(file.size), ...(sha ? { sha256: sha } : {}) });
      // XMLHttpRequest, not fetch: it reports upload progress.
      const record = await new Promise<TransferView>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('PUT', `${base}/content?${q}${ticket}`);
        xhr.setRequestHeader('authorization', `Bearer ${getToken() ?? ''}`);
        xhr.setRequestHeader('content-type', 'application/octet-stream');
        xhr.upload.onprogress = (e) => {
          m.done = e.loaded;
          setMoving({ ...m });
        };
        xhr.onload = () => {
          const body = JSON.parse(xhr.responseText || 'null') as (TransferView & { error?: { code: string; message: string } }) | null;
          if (xhr.status === 201 && body) resolve(body);
          else reject(new ApiError(xhr.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${xhr.status}`));
        };
        xhr.onerror = () => reject(new Error('the upload broke off; upload the file again'));
        xhr.send(file);
      });
      setResult(`${target}: ${bytes(file.size)}, SHA-256 ${record.sha256}${sha ? ' (checked)' : ''}`);
      await load(path);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setMoving(null);
    }
  };

  const facts = moving && progressFacts(moving.done, moving.total, 0, Date.now() - moving.started);
  return (
    <div className="card files">
      <form
        className="controls"
        onSubmit={(e) => {
          e.preventDefault();
          void load(typed.trim());
        }}
      >
        <button type="button" onClick={() => void load(parentOf(path))} disabled={loading}>
          Up
        </button>
        <input aria-label="Folder on the PC" value={typed} onChange={(e) => setTyped(e.target.value)} size={50} />
        <button type="submit" disabled={loading}>
          Go
        </button>
        <label>
          Upload here{' '}
          <input
            type="file"
            aria-label="Upload a file here"
            disabled={moving !== null}
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void upload(f);
            }}
          />
        </label>
      </form>
      {listing?.user && <p className="muted">As {listing.user} on the PC.</p>}
      {moving && facts && (
        <div className="progress" role="status">
          <span>{moving.label}</span> <progress max={100} value={facts.pct ?? undefined} /> <span>{progressWords(moving.done, moving.total, facts, ' · ')}</span>
        </div>
      )}
      {result && <p role="status">{result}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {listing && (
        <div className="table-wrap short">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Size</th>
                <th>Modified</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {listing.entries.map((e) => (
                <tr key={e.name}>
                  <td>
                    {e.type === 'dir' ? (
                      <a href="#" onClick={(ev) => (ev.preventDefault(), void load(childOf(path, e.name)))}>
                        {e.name}/
                      </a>
                    ) : (
                      e.name
                    )}
                    {e.target && <span className="muted"> → {e.target}</span>}
                  </td>
                  <td>{e.type === 'file' ? bytes(e.size) : ''}</td>
                  <td>{new Date(e.mtime).toLocaleString()}</td>
                  <td>
                    {e.type === 'file' && (
                      <button type="button" disabled={moving !== null} onClick={() => void download(e)}>
                        Download
                      </button>
                    )}
                    {e.type === 'dir' && (
                      <>
                        <button type="button" disabled={moving !== null} onClick={() => void download(e, 'tar.gz')}>
                          .tar.gz
                        </button>{' '}
                        <button type="button" disabled={moving !== null} onClick={() => void download(e, 'zip')}>
                          .zip
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {listing.truncated && <p className="muted">Only the first {listing.entries.length} entries are shown.</p>}
        </div>
      )}
    </div>
  );
}

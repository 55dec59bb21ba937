import { useEffect, useState, type ClipboardEvent } from 'react';
import { api, download } from '../api.js';
import type { TicketFull } from '../types.js';
import { bytes } from './Badges.js';

type Attachment = TicketFull['attachments'][number];

/** How much of a text file is shown in the page; the rest is in the download. */
const PREVIEW_BYTES = 64 * 1024;

/** Images the page shows inline: raster formats only (an email's attachment keeps the type its sender gave). */
const INLINE = /^image\/(png|jpeg|gif|webp|bmp)$/;

const fileUrl = (ticketId: number, a: Attachment) => `/api/v1/tickets/${ticketId}/attachments/${a.id}`;

/**
 * Files on a ticket (screenshots, logs, an email's attachments): images shown inline, text
 * files readable in the page, each a download; files are added with the picker or by pasting
 * a screenshot. The server types each file from its bytes, and the page shows a file only as
 * that type (an image element, a text block), never as a page of its own.
 */
export function Attachments({ ticketId, attachments, onAdded }: { ticketId: number; attachments: Attachment[]; onAdded: () => void }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState('');
  const save = async (a: Attachment) => {
    try {
      await download(fileUrl(ticketId, a), a.filename);
      setError('');
    } catch (err) {
      setError(`Cannot download ${a.filename}: ${(err as Error).message}`);
    }
  };
  const add = async (files: readonly File[]) => {
    for (const f of files) {
      setBusy(`Attaching ${f.name}…`);
      try {
        await api.upload(`/api/v1/tickets/${ticketId}/attachments?filename=${encodeURIComponent(f.name)}`, f);
        setError('');
      } catch (err) {
        setError(`Cannot attach ${f.name}: ${(err as Error).message}`);
      }
    }
    setBusy('');
    onAdded();
  };
  const paste = (e: ClipboardEvent) => {
    const files = [...e.clipboardData.files];
    if (files.length === 0) return;
    e.preventDefault();
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    void add(files.map((f, i) => (f.name && f.name !== 'image.png' ? f : new File([f], `screenshot-${stamp}${i ? `-${i}` : ''}.png`, { type: f.type }))));
  };
  return (
    <div className="attachments" onPaste={paste}>
      <h3>Attachments</h3>
      {error && <p className="error" role="alert">{error}</p>}
      {attachments.length > 0 && (
        <ul>
          {attachments.map((a) => (
            <li key={a.id}>
              <button type="button" className="small secondary" onClick={() => void save(a)}>
                {a.filename}
              </button>{' '}
              <span className="muted">
                {bytes(a.size)} · {a.contentType.replace(/;.*/, '')}
              </span>
              {INLINE.test(a.contentType) && <InlineImage url={fileUrl(ticketId, a)} attachment={a} />}
              {a.contentType.startsWith('text/') && <TextPreview url={fileUrl(ticketId, a)} attachment={a} />}
            </li>
          ))}
        </ul>
      )}
      <label className="attach">
        Attach files <input type="file" multiple disabled={busy !== ''} onChange={(e) => void add([...(e.target.files ?? [])]).then(() => (e.target.value = ''))} />
      </label>{' '}
      <span className="muted">{busy || 'or paste a screenshot here'}</span>
    </div>
  );
}

function InlineImage({ url, attachment }: { url: string; attachment: Attachment }) {
  const [src, setSrc] = useState('');
  useEffect(() => {
    let objectUrl = '';
    let live = true;
    void api
      .blob(url, attachment.contentType)
      .then((b) => {
        objectUrl = URL.createObjectURL(b);
        if (live) setSrc(objectUrl);
      })
      .catch(() => undefined);
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url, attachment.contentType]);
  return src ? <img className="inline-image" src={src} alt={attachment.filename} /> : null;
}

function TextPreview({ url, attachment }: { url: string; attachment: Attachment }) {
  const [text, setText] = useState<string | null>(null);
  const open = async () => {
    if (text !== null) return setText(null);
    const b = await api.blob(url, attachment.contentType);
    const head = await b.slice(0, PREVIEW_BYTES).text();
    setText(b.size > PREVIEW_BYTES ? `${head}\n… (${bytes(b.size - PREVIEW_BYTES)} more in the download)` : head);
  };
  return (
    <>
      {' '}
      <button type="button" className="small secondary" aria-label={`Show ${attachment.filename}`} onClick={() => void open()}>
        {text === null ? 'Show' : 'Hide'}
      </button>
      {text !== null && <pre className="text-preview">{text}</pre>}
    </>
  );
}

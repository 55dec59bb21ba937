import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ConfirmRequest, Priority, RatingRequest } from '../../shared/api/tickets.js';
import { describeZodError } from '../../shared/protocol/codec.js';
import { parseMarkdown } from '../../shared/markdown.js';
import type { Credential } from '../home.js';
import { deviceFetch } from '../serverApi.js';
import type { PendingConsent } from '../shell/consent.js';
import type { ActiveShell } from '../shell/manager.js';
import { GET_HELP_PAGE } from './page.js';
import { peerUser, type PeerUser } from './peer.js';
import { screenUser } from '../shell/shellUser.js';
import { windowsScreenUser } from './windowsPeer.js';
import type { Socket } from 'node:net';

/**
 * The page's content security policy: its own inline script and style, named by their hashes,
 * and requests to itself. Nothing else runs: no injected script, no other origin, no framing.
 */
function pagePolicy(page: string): string {
  const hashes = (tag: string) =>
    [...page.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`).join(' ');
  return [
    "default-src 'none'",
    `script-src ${hashes('script')}`,
    `style-src ${hashes('style')}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}
const PAGE_POLICY = pagePolicy(GET_HELP_PAGE);

const MAX_BODY_BYTES = 64 * 1024;
/** How much of an over-large body is read and dropped before the connection is cut instead. */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024;

const HelpBody = z.object({
  summary: z.string().trim().min(3).max(200),
  details: z.string().max(20_000).default(''),
  urgency: Priority.default('normal'),
});
const ReplyBody = z.object({ body: z.string().trim().min(1).max(20_000) });

const SessionAnswer = z.object({ sessionId: z.string().uuid(), accept: z.boolean() });
const SessionEnd = z.object({ sessionId: z.string().uuid() });

/** Remote sessions as the person at the PC controls them. */
export interface PcSessions {
  list(): { pending: PendingConsent[]; active: ActiveShell[] };
  /** False when the request is no longer waiting (answered, timed out or withdrawn). */
  answer(sessionId: string, accepted: boolean): boolean;
  /** False when no such session runs. */
  end(sessionId: string): boolean;
}

export interface GetHelpOptions {
  port: number;
  credential: Credential;
  logger: Logger;
  /** Queues a request (and waits briefly for its ticket), as `deskside-agent help` does, for this OS user. */
  submit(input: z.infer<typeof HelpBody>, osUser: string | null): Promise<{ ticketId: number } | { queued: true }>;
  sessions: PcSessions;
  /** Who sent a request, where the OS can tell (peer.ts); injected so tests can stand in for it. */
  peer?: (socket: Socket) => Promise<PeerUser | null>;
  /** News of tickets pushed by the server: the page's event stream (GET /api/events) passes it on. */
  news?: { subscribe(listener: (ticketId: number) => void): () => void };
  /** Who is at the screen (shell/shellUser.ts), who alone answers a consent prompt when known. */
  screenUser?: () => string | null | Promise<string | null>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    // Too large by its header: the body is still read to its end and dropped (not buffered)
    // before the answer, since an answer sent while the client is writing reaches it as a reset
    // connection instead of the 413. Past DRAIN_MAX_BYTES the client is cut off.
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      let drained = 0;
      req.on('data', (c: Buffer) => {
        drained += c.length;
        if (drained > DRAIN_MAX_BYTES) req.destroy();
      });
      req.on('end', () => reject(new HttpError(413, 'request body is too large')));
      req.on('error', reject);
      return;
    }
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return reject(new HttpError(413, 'request body is too large'));
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new HttpError(400, 'request body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(400, describeZodError(r.error));
  return r.data;
}

/**
 * The employee's Get-help page, on 127.0.0.1 only. Requests whose Host is not this page's own
 * are refused (DNS rebinding), and so are writes whose Origin is not (another website posting
 * here), so only a person at this PC, in a browser on this page, can use it.
 */
export async function startGetHelpServer(o: GetHelpOptions): Promise<{ url: string; close(): Promise<void> }> {
  type Reply = [number, unknown, string?];
  const proxied = async (r: { status: number; body: unknown }): Promise<Reply> => [r.status, r.body];
  /** Replies as a tree of text and a few shapes (shared/markdown.ts): the page builds DOM nodes from it, never HTML. */
  const withBlocks = async (r: { status: number; body: unknown }): Promise<Reply> => {
    const body = r.body as { comments?: { body: string }[] } | null;
    if (r.status === 200 && body && Array.isArray(body.comments)) {
      body.comments = body.comments.map((c) => ({ ...c, blocks: parseMarkdown(String(c.body)) }));
    }
    return [r.status, body];
  };
  const publicFetch = async (path: string, method = 'GET'): Promise<Reply> => {
    const r = await fetch(new URL(path, o.credential.serverUrl), { method, signal: AbortSignal.timeout(5000) });
    return [r.status, await r.json()];
  };
  /** The page and its API, keyed by "METHOD /path" with numeric segments as :id. */
  const asUser = (who: PeerUser | null) => (who ? `?osUser=${encodeURIComponent(who.name)}` : '');
  /**
   * Answering a consent prompt lets a technician into the PC: only the person at the screen may.
   * Where the OS tells who sent the answer, it must be that person (or the agent's own account,
   * or root, when nobody is known to be at the screen).
   */
  const mayAnswer = async (who: PeerUser | null): Promise<boolean> => {
    if (!who) return true;
    const atScreen = await (o.screenUser ?? (process.platform === 'win32' ? windowsScreenUser : screenUser))();
    if (who.uid === null) {
      // Windows: account names, compared as Windows does (case-insensitive).
      const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
      return atScreen ? same(who.name, atScreen) : same(who.name, os.userInfo().username);
    }
    if (atScreen) return who.name === atScreen || String(who.uid) === atScreen;
    return who.uid === 0 || who.uid === process.getuid?.();
  };
  // `who()` is asked only by the routes that act for a person, not by the page and its polls.
  const routes: Record<string, (c: { req: http.IncomingMessage; url: URL; id: string; who: () => Promise<PeerUser | null> }) => Promise<Reply>> = {
    'GET /': async () => [200, GET_HELP_PAGE, 'text/html; charset=utf-8'],
    'GET /api/faq': ({ url }) => publicFetch(`/api/v1/faq/suggestions?limit=3&q=${encodeURIComponent((url.searchParams.get('q') ?? '').slice(0, 200))}`),
    'POST /api/faq/:id/solved': ({ id }) => publicFetch(`/api/v1/faq/${id}/solved`, 'POST'),
    'POST /api/help': async ({ req, who }) => [201, await o.submit(parse(HelpBody, await readJson(req)), (await who())?.name ?? null)],
    'GET /api/tickets': async ({ who }) => proxied(await deviceFetch(o.credential, `/api/v1/agent/tickets${asUser(await who())}`)),
    'GET /api/tickets/:id': async ({ id, who }) => withBlocks(await deviceFetch(o.credential, `/api/v1/agent/tickets/${id}${asUser(await who())}`)),
    'POST /api/tickets/:id/comments': async ({ req, id, who }) =>
      proxied(
        await deviceFetch(o.credential, `/api/v1/agent/tickets/${id}/comments${asUser(await who())}`, {
          method: 'POST',
          body: parse(ReplyBody, await readJson(req)),
        }),
      ),
    'POST /api/tickets/:id/confirm': async ({ req, id, who }) =>
      proxied(await deviceFetch(o.credential, `/api/v1/agent/tickets/${id}/confirm${asUser(await who())}`, { method: 'POST', body: parse(ConfirmRequest, await readJson(req)) })),
    'POST /api/tickets/:id/rating': async ({ req, id, who }) =>
      proxied(await deviceFetch(o.credential, `/api/v1/agent/tickets/${id}/rating${asUser(await who())}`, { method: 'POST', body: parse(RatingRequest, await readJson(req)) })),
    'GET /api/sessions': async () => [200, o.sessions.list()],
    'POST /api/sessions/answer': async ({ req, who }) => {
      const a = parse(SessionAnswer, await readJson(req));
      if (!(await mayAnswer(await who()))) throw new HttpError(403, 'only the person logged in at this PC\'s screen can answer a request to connect');
      if (!o.sessions.answer(a.sessionId, a.accept)) throw new HttpError(409, 'this request is no longer waiting for an answer');
      return [200, { ok: true }];
    },
    'POST /api/sessions/end': async ({ req }) => {
      const e = parse(SessionEnd, await readJson(req));
      if (!o.sessions.end(e.sessionId)) throw new HttpError(404, 'no such session is running');
      return [200, { ok: true }];
    },
  };
  /**
   * Server-sent events to the open page: which ticket changed. The page reads its tickets again
   * through this server, as its own user, so the event itself carries nothing to hide.
   */
  const streams = new Set<http.ServerResponse>();
  const streamNews = (res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.write('retry: 3000\n\n');
    const stop = o.news?.subscribe((ticketId) => res.write(`event: ticket\ndata: ${JSON.stringify({ ticketId })}\n\n`));
    streams.add(res);
    res.on('close', () => {
      stop?.();
      streams.delete(res);
    });
  };
  let allowedHosts: Set<string> = new Set();
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, {
        'content-type': type,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'content-security-policy': PAGE_POLICY,
        'referrer-policy': 'no-referrer',
      });
      res.end(type === 'application/json' ? JSON.stringify(body) : String(body));
    };
    const handle = async () => {
      if (!allowedHosts.has(req.headers.host ?? '')) throw new HttpError(403, 'wrong Host');
      if (req.method === 'GET' && req.url === '/api/events') return streamNews(res);
      const origin = req.headers.origin;
      if (req.method !== 'GET' && (!origin || !allowedHosts.has(origin.replace(/^http:\/\//, '')))) throw new HttpError(403, 'cross-origin request refused');
      const url = new URL(req.url ?? '/', 'http://local');
      const route = `${req.method} ${url.pathname.replace(/\/\d+(?=\/|$)/g, '/:id')}`;
      const id = /\/(\d+)/.exec(url.pathname)?.[1] ?? '';
      const handler = routes[route];
      if (!handler) throw new HttpError(404, 'not found');
      const [status, body, type] = await handler({ req, url, id, who: () => (o.peer ?? peerUser)(req.socket) });
      send(status, body, type);
    };
    handle().catch((err: unknown) => {
      if (err instanceof HttpError) return send(err.status, { error: { message: err.message } });
      o.logger.warn({ err: (err as Error).message }, 'get-help page request failed');
      send(502, { error: { message: 'the Deskside server cannot be reached right now' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        for (const res of streams) res.end();
        server.close(() => resolve());
      }),
  };
}

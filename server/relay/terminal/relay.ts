import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { EndReason } from '../../../shared/api/sessions.js';
import { decodeTerminalFrame } from '../../../shared/protocol/terminal.js';
import { CloseCode, ErrorCode, LIMITS, type AgentMessage, type MessageOf } from '../../../shared/protocol/index.js';
import { MAX_TERMINAL_FRAME_BYTES, TerminalClientMessage } from '../../../shared/protocol/terminalMessages.js';
import { clampSize } from '../../../shared/protocol/terminal.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { User } from '../../storage/types.js';
import type { AgentConnection } from '../agentConnection.js';
import type { RemoteShells, RemoteShellSink } from '../../cluster/remoteShell.js';
import type { AgentLink } from './agentLink.js';
import { sessionUser } from '../../auth/sessionUser.js';
import { AccessWatch } from './accessWatch.js';
import { authorizeShell, parseTerminalQuery } from './access.js';
import { SessionLedger } from './ledger.js';
import { checkSessionLimits } from './limits.js';
import { RelaySession } from './session.js';

/**
 * The PC is told how long the person has (DESKSIDE_CONSENT_SECONDS); the server waits this much
 * longer for the agent's answer, which travels after the person's own deadline.
 */
const CONSENT_ANSWER_GRACE_MS = 10_000;
const START_ANSWER_MS = 15_000;
const IDLE_CHECK_MS = 1_000;

export type ShellAnswer = MessageOf<AgentMessage, 'shell.accept' | 'shell.deny' | 'shell.exit'>;

/** The part of the agent hub the relay needs: the live, greeted connection of a device. */
export interface AgentLinks {
  connection(deviceId: string): AgentConnection | undefined;
}

const CLOSE_FOR: Partial<Record<string, number>> = {
  [ErrorCode.unauthorized]: CloseCode.unauthorized,
  [ErrorCode.tokenExpired]: CloseCode.unauthorized,
  [ErrorCode.sessionRevoked]: CloseCode.unauthorized,
  [ErrorCode.accountDisabled]: CloseCode.unauthorized,
  [ErrorCode.forbidden]: CloseCode.forbidden,
  [ErrorCode.deviceRevoked]: CloseCode.forbidden,
  [ErrorCode.notFound]: CloseCode.notFound,
  [ErrorCode.deviceOffline]: CloseCode.unavailable,
  [ErrorCode.sessionLimit]: CloseCode.limit,
  [ErrorCode.authTimeout]: CloseCode.helloTimeout,
};

/**
 * `/ws/terminal`: technicians' sockets. The first frame authenticates (never a token in the URL,
 * where proxies log it); then the shell is requested from the agent and, once it runs, bytes flow
 * both ways through a RelaySession.
 */
export class TerminalRelay implements RemoteShellSink {
  readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_TERMINAL_FRAME_BYTES, perMessageDeflate: false });
  private readonly sessions = new Map<string, RelaySession>();
  private readonly ledger: SessionLedger;
  private readonly idleTimer: NodeJS.Timeout;
  private readonly access: AccessWatch;
  private backlogPeak = 0;
  /** Cluster mode: shells whose agent is on another node (set by the composition root). */
  remote: RemoteShells | undefined;

  constructor(
    private readonly deps: Pick<AppDeps, 'store' | 'config' | 'logger' | 'sessions' | 'metrics' | 'nodeId' | 'recordings'>,
    private readonly agents: AgentLinks,
  ) {
    this.ledger = new SessionLedger(deps.store, deps.logger);
    this.idleTimer = setInterval(() => this.closeIdle(), IDLE_CHECK_MS);
    this.idleTimer.unref();
    this.access = new AccessWatch(deps.store, deps.logger, () => [...this.sessions.values()]);
  }

  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, req.url ?? ''));
  }

  private attach(ws: WebSocket, url: string): void {
    let session: RelaySession | undefined;
    let authenticating = false;
    let badFrames = 0;
    const fail = (err: unknown) => {
      const e = err instanceof AppError ? err : new AppError(ErrorCode.internal, 'internal error');
      if (!(err instanceof AppError)) this.deps.logger.error({ err }, 'terminal session failed to start');
      if (ws.readyState !== ws.OPEN) return;
      ws.send(JSON.stringify({ type: 'error', code: e.code, message: e.message }));
      ws.close(CLOSE_FOR[e.code] ?? CloseCode.protocolViolation, e.code);
    };
    const authTimer = setTimeout(() => fail(new AppError(ErrorCode.authTimeout, `no auth frame within ${LIMITS.helloTimeoutMs} ms`)), LIMITS.helloTimeoutMs);
    const badFrame = (message: string) => {
      badFrames += 1;
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'error', code: ErrorCode.invalidFrame, message }));
      if (badFrames >= LIMITS.agentBadFramesMax) {
        ws.close(CloseCode.protocolViolation, 'too many invalid frames');
        session?.end('error', null, 'too many invalid frames');
      }
    };

    ws.on('error', (err) => this.deps.logger.info({ err: err.message }, 'technician socket error'));
    ws.on('close', () => {
      clearTimeout(authTimer);
      session?.end('technician_disconnected', null);
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      if (!session && !authenticating) {
        authenticating = true;
        clearTimeout(authTimer);
        this.open(ws, url, isBinary ? null : buf).then((s) => {
          session = s;
          if (ws.readyState !== ws.OPEN) s.end('technician_disconnected', null);
        }, fail);
        return;
      }
      if (!session) return; // Bytes typed before the shell runs have nowhere to go.
      if (isBinary) return session.fromTechnician(buf);
      let message: TerminalClientMessage;
      try {
        const parsed = TerminalClientMessage.safeParse(JSON.parse(buf.toString('utf8')));
        if (!parsed.success) return badFrame(`expected {"type":"resize","cols":N,"rows":N}, {"type":"ack","bytes":N} or {"type":"close"}: ${parsed.error.issues[0]?.message ?? ''}`);
        message = parsed.data;
      } catch {
        return badFrame('text frames must be JSON control messages; send terminal bytes as binary frames');
      }
      if (message.type === 'resize') session.resize(message.cols, message.rows);
      else if (message.type === 'close') session.end('closed', null);
      else if (message.type === 'ack') {
        const problem = session.clientAck(message.bytes);
        if (problem) badFrame(problem);
      } else badFrame('already authenticated');
    });
  }

  /** The auth frame → its user, and whether the client acknowledges what it has shown. */
  private async authenticate(frame: Buffer | null): Promise<{ user: User; clientAcks: boolean }> {
    let auth: TerminalClientMessage | undefined;
    try {
      const parsed = frame ? TerminalClientMessage.safeParse(JSON.parse(frame.toString('utf8'))) : undefined;
      auth = parsed?.success ? parsed.data : undefined;
    } catch {
      auth = undefined;
    }
    if (auth?.type !== 'auth') throw new AppError(ErrorCode.unauthorized, 'the first frame must be {"type":"auth","token":"<jwt>"} (optionally with "flow":"ack")');
    return { user: await sessionUser(this.deps, auth.token), clientAcks: auth.flow === 'ack' };
  }

  private async open(ws: WebSocket, url: string, frame: Buffer | null): Promise<RelaySession> {
    const { user, clientAcks } = await this.authenticate(frame);
    const query = parseTerminalQuery(url);
    const { device, ticket } = await authorizeShell(this.deps.store, user, query);
    const id = randomUUID();
    // The agent's own socket when it is connected here; in a cluster, a link to the node it is on.
    let agent: AgentLink | undefined = this.agents.connection(device.id);
    if (!agent && this.remote && device.online && device.ownerNode && device.ownerNode !== this.deps.nodeId) {
      agent = this.remote.link(device.ownerNode, device.id, id);
    }
    if (!agent) throw new AppError(ErrorCode.deviceOffline, `${device.hostname} is offline`);
    try {
      await checkSessionLimits(this.deps, device, user);
      if (ws.readyState !== ws.OPEN) throw new AppError(ErrorCode.conflict, 'the technician left');
    } catch (err) {
      agent.dispose?.();
      throw err;
    }

    const size = clampSize(query.cols ?? 80, query.rows ?? 24);
    const recordingFile = this.deps.config.recordingMaxBytes > 0 ? this.deps.recordings.place(id, new Date()) : null;
    const reason = query.reason || null;
    const facts = {
      id,
      deviceId: device.id,
      technicianId: user.id,
      technicianName: user.username,
      technicianVersion: user.tokenVersion,
      ticketId: ticket?.id ?? null,
    };
    await this.deps.store.shellSessions.create({
      id,
      deviceId: device.id,
      technicianId: user.id,
      ticketId: facts.ticketId,
      reason,
      consentPolicy: device.consent,
      requestedAt: new Date().toISOString(),
      ...size,
      recordingFile,
      nodeId: this.deps.nodeId,
    });
    const session = new RelaySession({
      facts,
      technician: ws,
      clientAcks,
      agent,
      ledger: this.ledger,
      logger: this.deps.logger,
      metrics: this.deps.metrics,
      observeBacklog: (bytes) => {
        if (bytes <= this.backlogPeak) return;
        this.backlogPeak = bytes;
        this.deps.metrics.terminalBufferPeak.set(bytes);
      },
      ...size,
      recording: recordingFile
        ? { sink: () => this.deps.recordings.create(recordingFile, id), maxBytes: this.deps.config.recordingMaxBytes, input: this.deps.config.recordInput }
        : null,
      onEnd: (s) => {
        s.agent.dispose?.();
        this.sessions.delete(s.id);
        this.deps.metrics.terminalSessions.set(this.sessions.size);
      },
    });
    this.sessions.set(id, session);
    this.deps.metrics.terminalSessions.set(this.sessions.size);
    const prompt = device.consent === 'prompt';
    const consentMs = this.deps.config.consentTimeoutMs;
    session.awaitAnswer(prompt ? consentMs + CONSENT_ANSWER_GRACE_MS : START_ANSWER_MS);
    agent.send({
      type: 'shell.open',
      sessionId: id,
      ...size,
      consent: device.consent,
      technician: user.username,
      reason,
      ticketId: facts.ticketId,
      consentTimeoutMs: consentMs,
    });
    session.status(
      prompt ? 'waiting_for_consent' : 'connecting',
      prompt ? `waiting for the person at ${device.hostname} to accept` : `starting a shell on ${device.hostname}`,
    );
    this.deps.logger.info({ sessionId: id, deviceId: device.id, technician: user.username, ticketId: facts.ticketId }, 'remote shell requested');
    return session;
  }

  /** shell.accept / shell.deny / shell.exit from an agent (here, or through another node). */
  agentMessage(conn: AgentLink, m: ShellAnswer): void {
    const session = this.sessions.get(m.sessionId);
    if (!session || session.agent !== conn) {
      // A session of a technician on another node, whose agent is connected here.
      if (this.remote?.agentMessage(conn, m)) return;
      // A late answer for a session that already ended here is normal; anything else is not.
      if (!session && m.type !== 'shell.exit') conn.send({ type: 'shell.close', sessionId: m.sessionId });
      return;
    }
    if (m.type === 'shell.accept') return session.accepted(m.decision);
    if (m.type === 'shell.deny') {
      const code =
        m.reason === 'denied' ? ErrorCode.consentDenied
        : m.reason === 'timeout' ? ErrorCode.consentTimeout
        : m.reason === 'limit' ? ErrorCode.sessionLimit
        : ErrorCode.shellUnavailable;
      return session.refuse(m.reason, code, m.message, m.reason === 'limit' ? CloseCode.limit : CloseCode.unavailable);
    }
    session.end(m.reason === 'ended_at_pc' ? 'ended_at_pc' : m.reason === 'agent_stopping' ? 'agent_disconnected' : 'exited', m.exitCode);
  }

  /** A binary frame from an agent: output of one of its sessions. */
  agentFrame(conn: AgentConnection, frame: Buffer): void {
    const decoded = decodeTerminalFrame(frame);
    if (!decoded) return;
    const session = this.sessions.get(decoded.sessionId);
    if (session?.agent === conn) session.fromAgent(decoded.data);
    else if (!session) this.remote?.agentFrame(conn, decoded.sessionId, decoded.data);
  }

  /** Output that came through another node, from the agent behind `link`. */
  agentData(link: AgentLink, sessionId: string, data: Buffer): void {
    const session = this.sessions.get(sessionId);
    if (session?.agent === link) session.fromAgent(data);
  }

  /** The agent's socket (or the node holding it) is gone: its sessions end now, not at the close handshake. */
  agentGone(conn: AgentLink, reason: EndReason, message?: string): void {
    for (const s of [...this.sessions.values()]) if (s.agent === conn) s.end(reason, null, message);
    this.remote?.agentGone(conn);
  }

  private closeIdle(): void {
    const cutoff = Date.now() - this.deps.config.sessionIdleMs;
    for (const s of [...this.sessions.values()]) if (s.state === 'active' && s.lastActivity < cutoff) s.end('idle_timeout', null);
  }

  /** The user's access was taken away or changed: their shells end now. */
  revokeUser(userId: string): void {
    for (const s of [...this.sessions.values()]) if (s.facts.technicianId === userId) s.end('access_revoked', null);
  }

  get openCount(): number {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    clearInterval(this.idleTimer);
    this.access.stop();
    for (const s of [...this.sessions.values()]) s.end('server_shutdown', null);
    await this.ledger.settle();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

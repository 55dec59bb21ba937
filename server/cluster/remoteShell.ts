import {
  decodeClusterFrame,
  encodeClusterFrame,
  FrameKind,
  FromAgentControl,
  parseBusMessage,
  RemoteShellOpen,
  RemoteShellOpenReply,
  ToAgentControl,
} from '../../shared/protocol/cluster.js';
import type { EndReason } from '../../shared/api/sessions.js';
import type { ServerMessage } from '../../shared/protocol/index.js';
import { decodeTerminalFrame, TERMINAL_LIMITS } from '../../shared/protocol/terminal.js';
import type { Logger } from '../logger.js';
import type { AgentConnection } from '../relay/agentConnection.js';
import type { AgentLink } from '../relay/terminal/agentLink.js';
import type { ShellAnswer } from '../relay/terminal/relay.js';
import type { FileAnswer } from '../files/transfer.js';
import type { ClusterBus } from './bus.js';

/** How long the agent's node has to say whether it holds the PC. */
const OPEN_REQUEST_MS = 5_000;
const DRAIN_CHECK_MS = 10;

/** What the relay of the technician's node does with what arrives from the agent's node. */
export interface RemoteShellSink {
  agentMessage(link: AgentLink, message: ShellAnswer | FileAnswer): void;
  agentData(link: AgentLink, sessionId: string, data: Buffer): void;
  agentGone(link: AgentLink, reason: EndReason, message?: string): void;
}

const BUS_LOST = 'the connection between Deskside servers (NATS) was lost; open the session again';

/**
 * The technician's node: the agent is on another node. Control and keystrokes go out on the
 * session's to-agent subject, output and answers come back on its from-agent subject. Output is
 * paced end to end by the agent's window (shell.ack travels back the same way), so at most one
 * window per session is ever on the bus; keystrokes are counted until the agent's node reports
 * them taken by the agent's socket.
 */
class RemoteAgentLink implements AgentLink {
  private inFlight = 0;
  private readonly sub: { stop(): void };
  private disposed = false;

  constructor(
    private readonly shells: RemoteShells,
    readonly node: string,
    readonly deviceId: string,
    readonly sessionId: string,
  ) {
    this.sub = shells.bus.subscribe(shells.bus.subjects.fromAgent(sessionId), (data) => this.arrived(data));
  }

  send(message: ServerMessage): void {
    if (this.disposed) return;
    if (message.type === 'shell.open' || message.type === 'file.open') {
      void this.open(message);
      return;
    }
    const control = ToAgentControl.safeParse(message);
    if (!control.success) return;
    this.shells.bus.publish(this.shells.bus.subjects.toAgent(this.sessionId), encodeClusterFrame(FrameKind.control, JSON.stringify(control.data)));
  }

  sendBinary(frame: Buffer): void {
    if (this.disposed) return;
    this.inFlight += frame.length;
    this.shells.bus.publish(this.shells.bus.subjects.toAgent(this.sessionId), encodeClusterFrame(FrameKind.data, frame));
  }

  get bufferedAmount(): number {
    return this.inFlight;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.sub.stop();
    this.shells.forget(this);
  }

  private async open(open: Extract<ServerMessage, { type: 'shell.open' | 'file.open' }>): Promise<void> {
    const refuse = (message: string) =>
      this.shells.sink?.agentMessage(
        this,
        open.type === 'file.open'
          ? { type: 'file.error', sessionId: this.sessionId, reason: 'failed', message }
          : { type: 'shell.deny', sessionId: this.sessionId, reason: 'unavailable', message },
      );
    const request: RemoteShellOpen = { deviceId: this.deviceId, origin: this.shells.nodeId, open };
    let reply: RemoteShellOpenReply | null;
    try {
      reply = parseBusMessage(RemoteShellOpenReply, Buffer.from(await this.shells.bus.request(this.shells.bus.subjects.shellOpen(this.node), JSON.stringify(request), OPEN_REQUEST_MS)));
    } catch {
      return refuse('the server holding this PC\'s connection did not answer');
    }
    if (!reply) return refuse('the server holding this PC\'s connection gave an unreadable answer');
    if (!reply.ok) refuse(reply.message);
  }

  private arrived(frame: Uint8Array): void {
    const decoded = decodeClusterFrame(frame);
    if (!decoded || !this.shells.sink) return;
    if (decoded.kind === FrameKind.data) return this.shells.sink.agentData(this, this.sessionId, decoded.body);
    const m = parseBusMessage(FromAgentControl, decoded.body);
    if (!m || m.sessionId !== this.sessionId) return;
    if (m.type === 'input.taken') this.inFlight = Math.max(0, this.inFlight - m.bytes);
    else this.shells.sink.agentMessage(this, m);
  }

  /** The agent's node stopped, or the bus to it: the session cannot go on. */
  lost(message?: string): void {
    this.shells.sink?.agentGone(this, 'server_lost', message);
  }
}

/** Whether this answer from the agent is the last of its session. */
function isLastWord(bridge: Bridge, m: ShellAnswer | FileAnswer): boolean {
  if (m.type === 'shell.accept' || m.type === 'file.ack') return false;
  if (m.type === 'file.accept') return bridge.open.type === 'file.open' && (bridge.open.op === 'list' || bridge.open.op === 'stat');
  return true;
}

function closeAtAgent(bridge: Bridge): void {
  bridge.conn.send({ type: bridge.open.type === 'file.open' ? 'file.close' : 'shell.close', sessionId: bridge.sessionId });
}

/** The agent's node: a shell (or file operation) this node's agent runs for a technician on another node. */
interface Bridge {
  sessionId: string;
  /** What was opened: it says which answer ends the bridge and how to stop it. */
  open: RemoteShellOpen['open'];
  conn: AgentConnection;
  origin: string;
  sub: { stop(): void };
  /** Keystroke bytes handed to the agent's socket and not yet reported taken. */
  taken: number;
  drainTimer: NodeJS.Timeout | undefined;
}

/** Remote shells across nodes, both ends: links (technician here) and bridges (agent here). */
export class RemoteShells {
  private readonly links = new Map<string, RemoteAgentLink>();
  private readonly bridges = new Map<string, Bridge>();
  private openSub: { stop(): void } | undefined;
  sink: RemoteShellSink | undefined;

  constructor(
    readonly bus: ClusterBus,
    readonly nodeId: string,
    private readonly agents: { connection(deviceId: string): AgentConnection | undefined },
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.openSub = this.bus.subscribe(this.bus.subjects.shellOpen(this.nodeId), (data, reply) => {
      const answer = this.openHere(Buffer.from(data));
      reply?.(JSON.stringify(answer));
    });
  }

  /** A link to the agent of `deviceId` through `node`, for session `sessionId`. */
  link(node: string, deviceId: string, sessionId: string): AgentLink {
    const link = new RemoteAgentLink(this, node, deviceId, sessionId);
    this.links.set(sessionId, link);
    return link;
  }

  forget(link: RemoteAgentLink): void {
    if (this.links.get(link.sessionId) === link) this.links.delete(link.sessionId);
  }

  private openHere(data: Buffer): RemoteShellOpenReply {
    const request = parseBusMessage(RemoteShellOpen, data);
    if (!request) return { ok: false, reason: 'offline', message: 'unreadable request' };
    const conn = this.agents.connection(request.deviceId);
    if (!conn) return { ok: false, reason: 'offline', message: 'the PC is not connected to the server it was on; try again' };
    const sessionId = request.open.sessionId;
    if (this.bridges.has(sessionId)) return { ok: false, reason: 'busy', message: 'session already open' };
    const bridge: Bridge = { sessionId, open: request.open, conn, origin: request.origin, taken: 0, drainTimer: undefined, sub: { stop() {} } };
    bridge.sub = this.bus.subscribe(this.bus.subjects.toAgent(sessionId), (frame) => this.toAgent(bridge, frame));
    this.bridges.set(sessionId, bridge);
    conn.send(request.open);
    this.logger.info({ sessionId, deviceId: request.deviceId, origin: request.origin }, 'remote shell for a technician on another node');
    return { ok: true };
  }

  private toAgent(bridge: Bridge, frame: Uint8Array): void {
    const decoded = decodeClusterFrame(frame);
    if (!decoded || this.bridges.get(bridge.sessionId) !== bridge) return;
    if (decoded.kind === FrameKind.data) {
      // Only frames of this session reach its agent, whatever a peer puts on the subject.
      if (decodeTerminalFrame(decoded.body)?.sessionId !== bridge.sessionId) return;
      bridge.conn.sendBinary(decoded.body);
      bridge.taken += decoded.body.length;
      this.reportTaken(bridge);
      return;
    }
    const m = parseBusMessage(ToAgentControl, decoded.body);
    if (!m || m.sessionId !== bridge.sessionId) return;
    bridge.conn.send(m);
    if (m.type === 'shell.close' || m.type === 'file.close') this.drop(bridge);
  }

  /** Tells the technician's node how much input the agent's socket took, once it drains. */
  private reportTaken(bridge: Bridge): void {
    if (bridge.drainTimer) return;
    const report = () => {
      if (bridge.conn.bufferedAmount > TERMINAL_LIMITS.lowWaterBytes) return false;
      if (bridge.taken > 0) {
        this.fromAgent(bridge, { type: 'input.taken', sessionId: bridge.sessionId, bytes: bridge.taken });
        bridge.taken = 0;
      }
      return true;
    };
    if (report()) return;
    bridge.drainTimer = setInterval(() => {
      if (report() || this.bridges.get(bridge.sessionId) !== bridge) {
        clearInterval(bridge.drainTimer);
        bridge.drainTimer = undefined;
      }
    }, DRAIN_CHECK_MS);
  }

  private fromAgent(bridge: Bridge, m: FromAgentControl): void {
    this.bus.publish(this.bus.subjects.fromAgent(bridge.sessionId), encodeClusterFrame(FrameKind.control, JSON.stringify(m)));
  }

  private drop(bridge: Bridge): void {
    if (this.bridges.get(bridge.sessionId) !== bridge) return;
    this.bridges.delete(bridge.sessionId);
    clearInterval(bridge.drainTimer);
    bridge.sub.stop();
  }

  /** An answer from a local agent; true when it belongs to a bridged session. */
  agentMessage(conn: AgentLink, m: ShellAnswer | FileAnswer): boolean {
    const bridge = this.bridges.get(m.sessionId);
    if (!bridge || bridge.conn !== conn) return false;
    this.fromAgent(bridge, m);
    if (isLastWord(bridge, m)) this.drop(bridge);
    return true;
  }

  /** Output from a local agent; true when it belongs to a bridged session. */
  agentFrame(conn: AgentLink, sessionId: string, data: Buffer): boolean {
    const bridge = this.bridges.get(sessionId);
    if (!bridge || bridge.conn !== conn) return false;
    this.bus.publish(this.bus.subjects.fromAgent(sessionId), encodeClusterFrame(FrameKind.data, data));
    return true;
  }

  /** A local agent disconnected: its bridged sessions end on the technicians' nodes too. */
  agentGone(conn: AgentLink): void {
    for (const bridge of [...this.bridges.values()]) {
      if (bridge.conn !== conn) continue;
      this.fromAgent(
        bridge,
        bridge.open.type === 'file.open'
          ? { type: 'file.error', sessionId: bridge.sessionId, reason: 'failed', message: 'the PC disconnected from the server; the transfer can be resumed' }
          : { type: 'shell.exit', sessionId: bridge.sessionId, exitCode: null, signal: null, reason: 'agent_stopping' },
      );
      this.drop(bridge);
    }
  }

  /** Another node died: sessions through it end here, shells it asked for close on our agents. */
  nodeLost(nodeId: string): void {
    for (const link of [...this.links.values()]) if (link.node === nodeId) link.lost();
    for (const bridge of [...this.bridges.values()]) {
      if (bridge.origin !== nodeId) continue;
      closeAtAgent(bridge);
      this.drop(bridge);
    }
  }

  /**
   * NATS is gone: no session across nodes can go on. Technicians here learn why at once, and
   * shells this node's agents run for technicians elsewhere are closed.
   */
  busLost(): void {
    for (const link of [...this.links.values()]) link.lost(BUS_LOST);
    for (const bridge of [...this.bridges.values()]) {
      closeAtAgent(bridge);
      this.drop(bridge);
    }
  }

  stop(): void {
    this.openSub?.stop();
    for (const bridge of [...this.bridges.values()]) this.drop(bridge);
    for (const link of [...this.links.values()]) link.dispose();
  }
}

import { randomUUID } from 'node:crypto';
import { decodeTerminalFrame } from '../../shared/protocol/terminal.js';
import type { FileOpen } from '../../shared/protocol/files.js';
import type { AppDeps } from '../deps.js';
import { AppError } from '../errors.js';
import type { RemoteShells } from '../cluster/remoteShell.js';
import type { AgentLink } from '../relay/terminal/agentLink.js';
import type { AgentLinks } from '../relay/terminal/relay.js';
import type { Device } from '../storage/types.js';
import { Transfer, type FileAnswer } from './transfer.js';

/** The PC is told how long its person has; its answer may take this much longer to arrive. */
const CONSENT_ANSWER_GRACE_MS = 10_000;
const START_ANSWER_MS = 15_000;
/** A transfer in which nothing moved for this long is given up (a PC that froze, a reader that left). */
const STALL_MS = 120_000;
const SWEEP_MS = 5_000;

export type FileRequest = Omit<FileOpen, 'type' | 'sessionId' | 'consent' | 'consentTimeoutMs' | 'maxBytes'>;

/**
 * The file operations this server relays, by id: started here for a technician's request,
 * answered by the PC's agent on this node or, in a cluster, through the node holding it.
 */
export class FileTransfers {
  private readonly active = new Map<string, Transfer>();
  private readonly sweep: NodeJS.Timeout;
  /** Cluster mode: PCs whose agent is on another node (set by the composition root). */
  remote: RemoteShells | undefined;

  constructor(
    private readonly deps: Pick<AppDeps, 'config' | 'logger' | 'nodeId'>,
    private readonly agents: AgentLinks,
  ) {
    this.sweep = setInterval(() => this.giveUpStalled(), SWEEP_MS);
    this.sweep.unref();
  }

  /** Asks the PC; the returned transfer's `accepted` says how it answered. */
  open(device: Device, technicianId: string, request: FileRequest): Transfer {
    const id = randomUUID();
    let agent: AgentLink | undefined = this.agents.connection(device.id);
    if (!agent && this.remote && device.online && device.ownerNode && device.ownerNode !== this.deps.nodeId) {
      agent = this.remote.link(device.ownerNode, device.id, id);
    }
    if (!agent) throw new AppError('device_offline', `${device.hostname} is offline`);
    const consentMs = this.deps.config.consentTimeoutMs;
    const open: FileOpen = {
      type: 'file.open',
      sessionId: id,
      ...request,
      maxBytes: this.deps.config.transferMaxBytes,
      consent: device.consent,
      consentTimeoutMs: consentMs,
    };
    const transfer = new Transfer(open, agent, technicianId, (t) => {
      t.agent.dispose?.();
      this.active.delete(t.id);
    });
    this.active.set(id, transfer);
    transfer.start(device.consent === 'prompt' ? consentMs + CONSENT_ANSWER_GRACE_MS : START_ANSWER_MS);
    return transfer;
  }

  /** file.* from an agent (here, or through another node); false when it is not one of these. */
  agentMessage(link: AgentLink, m: FileAnswer): boolean {
    const t = this.active.get(m.sessionId);
    if (t?.agent === link) {
      t.answer(m);
      return true;
    }
    return this.remote?.agentMessage(link, m) ?? false;
  }

  /** A binary frame from a local agent; false when it belongs to no transfer. */
  agentFrame(link: AgentLink, frame: Buffer): boolean {
    const decoded = decodeTerminalFrame(frame);
    if (!decoded) return false;
    const t = this.active.get(decoded.sessionId);
    if (!t) return false;
    if (t.agent === link) t.data(decoded.data);
    return true;
  }

  /** Bytes that came through another node, from the agent behind `link`. */
  agentData(link: AgentLink, sessionId: string, data: Buffer): boolean {
    const t = this.active.get(sessionId);
    if (!t || t.agent !== link) return false;
    t.data(data);
    return true;
  }

  /** The agent (or the node holding it) is gone: its transfers fail now. */
  agentGone(link: AgentLink, message = 'the PC disconnected from the server'): void {
    for (const t of [...this.active.values()]) {
      if (t.agent === link) t.fail(new AppError('transfer_failed', `${message}; the transfer can be resumed`), false);
    }
  }

  /** The technician's access changed: their transfers stop now. */
  revokeUser(userId: string): void {
    for (const t of [...this.active.values()]) {
      if (t.technicianId === userId) t.fail(new AppError('session_revoked', "the technician's access changed"), true);
    }
  }

  private giveUpStalled(): void {
    const cutoff = Date.now() - STALL_MS;
    for (const t of [...this.active.values()]) {
      if (t.state === 'active' && t.lastActivity < cutoff) t.fail(new AppError('transfer_failed', 'nothing moved for two minutes'), true);
    }
  }

  get openCount(): number {
    return this.active.size;
  }

  close(): void {
    clearInterval(this.sweep);
    for (const t of [...this.active.values()]) t.fail(new AppError('unavailable', 'the server is shutting down'), true);
  }
}

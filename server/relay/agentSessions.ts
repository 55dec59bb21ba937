import type { EndReason } from '../../shared/api/sessions.js';
import type { RemoteShellSink } from '../cluster/remoteShell.js';
import type { FileTransfers } from '../files/transfers.js';
import { isFileAnswer, type FileAnswer } from '../files/transfer.js';
import type { AgentConnection } from './agentConnection.js';
import type { ShellSink } from './agentHub.js';
import type { AgentLink } from './terminal/agentLink.js';
import type { ShellAnswer, TerminalRelay } from './terminal/relay.js';

/**
 * What the agents' sockets carry for technicians, handed to its owner: file operations to the
 * transfers, the rest to the terminal relay (whose sessions are also the fallback for frames of
 * sessions bridged to other nodes).
 */
export class AgentSessions implements ShellSink, RemoteShellSink {
  constructor(
    private readonly terminals: TerminalRelay,
    private readonly files: FileTransfers,
  ) {}

  agentMessage(link: AgentLink, m: ShellAnswer | FileAnswer): void {
    if (isFileAnswer(m)) this.files.agentMessage(link, m);
    else this.terminals.agentMessage(link, m);
  }

  agentFrame(conn: AgentConnection, frame: Buffer): void {
    if (!this.files.agentFrame(conn, frame)) this.terminals.agentFrame(conn, frame);
  }

  agentData(link: AgentLink, sessionId: string, data: Buffer): void {
    if (!this.files.agentData(link, sessionId, data)) this.terminals.agentData(link, sessionId, data);
  }

  agentGone(link: AgentLink, reason: EndReason, message?: string): void {
    this.files.agentGone(link, message);
    this.terminals.agentGone(link, reason, message);
  }
}

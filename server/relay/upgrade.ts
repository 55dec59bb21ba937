import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode } from '../../shared/protocol/codes.js';
import type { AppDeps } from '../deps.js';
import { AppError } from '../errors.js';
import type { AgentHub } from './agentHub.js';
import { authenticateDevice } from './deviceAuth.js';
import { DeviceLookup } from './deviceLookup.js';
import type { TerminalRelay } from './terminal/relay.js';

/** Answers an upgrade request with a plain HTTP error, in the REST error shape, and drops the socket. */
function refuse(socket: Duplex, error: AppError): void {
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  socket.end(
    `HTTP/1.1 ${error.status} ${error.status === 401 ? 'Unauthorized' : error.status === 404 ? 'Not Found' : 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * Agents authenticate here, before the WebSocket handshake completes, so an unauthenticated agent
 * socket never exists. Technicians authenticate in their first frame instead (a browser cannot
 * set headers on a WebSocket, and a token in the URL ends up in proxy logs); their socket lives
 * a few seconds at most without it.
 */
export function attachUpgrade(server: Server, hub: AgentHub, terminals: TerminalRelay, deps: Pick<AppDeps, 'store' | 'logger'>): void {
  const devices = new DeviceLookup(deps.store);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path === '/ws/terminal') {
      terminals.accept(req, socket, head);
      return;
    }
    if (path !== '/ws/agent') {
      refuse(socket, new AppError(ErrorCode.notFound, `no WebSocket endpoint at ${path}`));
      return;
    }
    authenticateDevice(req, devices).then(
      (device) => hub.accept(req, socket, head, device),
      (err: unknown) => {
        if (err instanceof AppError) {
          deps.logger.info({ code: err.code, remote: req.socket.remoteAddress }, 'agent connection refused');
          refuse(socket, err);
        } else {
          deps.logger.error({ err }, 'agent authentication failed');
          refuse(socket, new AppError(ErrorCode.internal, 'internal error'));
        }
      },
    );
  });
}

import type { FilePathQuery, TransferView } from '../../shared/api/files.js';
import type { FileEntry } from '../../shared/protocol/files.js';
import type { AppDeps } from '../deps.js';
import { AppError } from '../errors.js';
import type { FileRequest } from '../files/transfers.js';
import type { FileAccepted, Transfer } from '../files/transfer.js';
import { authorizeShell } from '../relay/terminal/access.js';
import type { Device, TransferEnd, User } from '../storage/types.js';
import { audit } from './audit.js';

type Deps = Pick<AppDeps, 'store' | 'files' | 'logger' | 'nodeId'>;

export interface StartedOp {
  transfer: Transfer;
  accepted: FileAccepted;
  device: Device;
  ticketId: number | null;
}

/**
 * Asks a PC for a file operation on a technician's behalf, under the rule for shells (a
 * technician through a ticket of that PC assigned to them; admins anywhere) and the PC's
 * consent policy. Resolves once the PC accepted.
 */
export async function startFileOp(deps: Deps, user: User, deviceId: string, q: FilePathQuery, request: Omit<FileRequest, 'technician' | 'reason' | 'ticketId' | 'path'>): Promise<StartedOp> {
  const { device, ticket } = await authorizeShell(deps.store, user, { device: deviceId, ticket: q.ticket, reason: q.reason });
  const ticketId = ticket?.id ?? null;
  const transfer = deps.files.open(device, user.id, { ...request, path: q.path, technician: user.username, reason: q.reason || null, ticketId });
  const accepted = await transfer.accepted;
  return { transfer, accepted, device, ticketId };
}

export interface TransferRecord {
  view: TransferView;
  finish(outcome: { ok: true; bytes: number; sha256: string; size?: number } | { ok: false; cancelled: boolean; bytes: number; error: string }): Promise<TransferView>;
}

/**
 * Writes a transfer down when it starts and again, audited with the file's name, size and
 * SHA-256, when it ends, however it ends.
 */
export async function recordTransfer(deps: Deps, user: User, op: StartedOp, direction: 'download' | 'upload', size: number | null): Promise<TransferRecord> {
  const { transfer, device } = op;
  const view: TransferView = {
    id: transfer.id,
    deviceId: device.id,
    device: device.hostname,
    technician: user.username,
    ticketId: op.ticketId,
    direction,
    path: transfer.open.path,
    archive: transfer.open.archive,
    offset: transfer.open.offset,
    size,
    bytes: 0,
    sha256: null,
    state: 'running',
    error: null,
    startedAt: new Date().toISOString(),
    endedAt: null,
  };
  await deps.store.transfers.create({ ...view, technicianId: user.id, nodeId: deps.nodeId });
  return {
    view,
    async finish(outcome) {
      const endedAt = new Date().toISOString();
      const end: TransferEnd = outcome.ok
        ? { state: 'done' as const, bytes: outcome.bytes, sha256: outcome.sha256, error: null, endedAt, ...(outcome.size !== undefined ? { size: outcome.size } : {}) }
        : { state: outcome.cancelled ? ('cancelled' as const) : ('failed' as const), bytes: outcome.bytes, sha256: null, error: outcome.error, endedAt };
      try {
        await deps.store.transfers.finish(view.id, end);
        await audit(deps.store, user.username, direction === 'download' ? 'file.download' : 'file.upload', device.id, {
          transferId: view.id,
          path: view.path,
          ...(view.archive ? { archive: view.archive } : {}),
          size: end.size ?? view.size,
          offset: view.offset,
          bytes: end.bytes,
          sha256: end.sha256,
          state: end.state,
          ...(end.error ? { error: end.error } : {}),
          ticketId: view.ticketId,
        });
      } catch (err) {
        deps.logger.error({ err, transferId: view.id }, 'could not record the end of a file transfer');
      }
      return { ...view, ...end, size: end.size ?? view.size };
    },
  };
}

/** The answer to a listing or stat, which must name an entry. */
export function entryOf(accepted: FileAccepted, path: string): FileEntry {
  if (!accepted.entry) throw new AppError('not_found', `${path}: no such file or folder`);
  return accepted.entry;
}

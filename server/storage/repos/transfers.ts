import type { Kysely, Selectable } from 'kysely';
import { TransferState, type TransferView } from '../../../shared/api/files.js';
import { ArchiveFormat } from '../../../shared/protocol/files.js';
import type { Database, FileTransfersTable } from '../schema.js';
import type { TransferRepo } from '../transferTypes.js';

const num = (v: number | string | null) => (v === null ? null : Number(v));

const toView = (r: Selectable<FileTransfersTable> & { hostname: string | null }): TransferView => ({
  id: r.id,
  deviceId: r.device_id,
  device: r.hostname ?? r.device_id,
  technician: r.technician,
  ticketId: r.ticket_id === null ? null : Number(r.ticket_id),
  direction: r.direction === 'upload' ? 'upload' : 'download',
  path: r.path,
  archive: r.archive === null ? null : ArchiveFormat.catch('tar.gz').parse(r.archive),
  offset: Number(r.start_offset),
  size: num(r.size),
  bytes: Number(r.bytes),
  sha256: r.sha256,
  state: TransferState.catch('failed').parse(r.state),
  error: r.error,
  startedAt: r.started_at,
  endedAt: r.ended_at,
});

export function transferRepo(db: Kysely<Database>): TransferRepo {
  const select = () =>
    db.selectFrom('file_transfers as t').leftJoin('devices as d', 'd.id', 't.device_id').selectAll('t').select('d.hostname');
  return {
    async create(t) {
      await db
        .insertInto('file_transfers')
        .values({
          id: t.id,
          device_id: t.deviceId,
          technician_id: t.technicianId,
          technician: t.technician,
          ticket_id: t.ticketId,
          direction: t.direction,
          path: t.path,
          archive: t.archive,
          start_offset: t.offset,
          size: t.size,
          bytes: 0,
          sha256: null,
          state: 'running',
          error: null,
          started_at: t.startedAt,
          ended_at: null,
          node_id: t.nodeId,
        })
        .execute();
    },
    async finish(id, end) {
      await db
        .updateTable('file_transfers')
        .set({
          state: end.state,
          bytes: end.bytes,
          sha256: end.sha256,
          error: end.error,
          ended_at: end.endedAt,
          ...(end.size !== undefined ? { size: end.size } : {}),
        })
        .where('id', '=', id)
        .where('state', '=', 'running')
        .execute();
    },
    async find(id) {
      const r = await select().where('t.id', '=', id).executeTakeFirst();
      return r && toView(r);
    },
    async list(f) {
      let q = select();
      let c = db.selectFrom('file_transfers').select((eb) => eb.fn.countAll<number>().as('n'));
      if (f.deviceId) {
        q = q.where('t.device_id', '=', f.deviceId);
        c = c.where('device_id', '=', f.deviceId);
      }
      const rows = await q.orderBy('t.started_at', 'desc').orderBy('t.id').limit(f.limit).offset(f.offset).execute();
      const total = Number((await c.executeTakeFirstOrThrow()).n);
      return { transfers: rows.map(toView), total };
    },
    async endAllRunning(at) {
      const u = await db
        .updateTable('file_transfers')
        .set({ state: 'failed', error: 'the server stopped during the transfer', ended_at: at })
        .where('state', '=', 'running')
        .executeTakeFirst();
      return Number(u.numUpdatedRows);
    },
  };
}

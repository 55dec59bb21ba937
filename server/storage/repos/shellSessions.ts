import type { Kysely } from 'kysely';
import type { ConsentDecision, EndReason, SessionState } from '../../../shared/api/sessions.js';
import type { ConsentPolicy } from '../../../shared/roles.js';
import type { Database } from '../schema.js';
import type { ShellSession, ShellSessionRepo, ShellSessionUpdate } from '../types.js';

const COLUMN: Record<keyof ShellSessionUpdate, keyof Database['shell_sessions']> = {
  consentDecision: 'consent_decision',
  consentAt: 'consent_at',
  state: 'state',
  startedAt: 'started_at',
  endedAt: 'ended_at',
  endReason: 'end_reason',
  exitCode: 'exit_code',
  bytesIn: 'bytes_in',
  bytesOut: 'bytes_out',
  cols: 'cols',
  rows: 'rows',
  recordingBytes: 'recording_bytes',
  recordingTruncated: 'recording_truncated',
};

export function shellSessionRepo(db: Kysely<Database>): ShellSessionRepo {
  const base = () =>
    db
      .selectFrom('shell_sessions as s')
      .innerJoin('users as u', 'u.id', 's.technician_id')
      .leftJoin('devices as d', 'd.id', 's.device_id')
      .selectAll('s')
      .select(['u.username as technician_name', 'd.hostname as hostname']);
  type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;
  const toSession = (r: Row): ShellSession => ({
    id: r.id,
    deviceId: r.device_id,
    hostname: r.hostname,
    technicianId: r.technician_id,
    technicianName: r.technician_name,
    ticketId: r.ticket_id === null ? null : Number(r.ticket_id),
    reason: r.reason,
    consentPolicy: r.consent_policy as ConsentPolicy,
    consentDecision: r.consent_decision as ConsentDecision | null,
    consentAt: r.consent_at,
    state: r.state as SessionState,
    requestedAt: r.requested_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    endReason: r.end_reason as EndReason | null,
    exitCode: r.exit_code,
    bytesIn: Number(r.bytes_in),
    bytesOut: Number(r.bytes_out),
    cols: r.cols,
    rows: r.rows,
    recordingFile: r.recording_file,
    recordingBytes: Number(r.recording_bytes),
    recordingTruncated: Boolean(r.recording_truncated),
  });

  return {
    async create(s) {
      await db
        .insertInto('shell_sessions')
        .values({
          id: s.id,
          device_id: s.deviceId,
          technician_id: s.technicianId,
          ticket_id: s.ticketId,
          reason: s.reason,
          consent_policy: s.consentPolicy,
          state: 'pending',
          requested_at: s.requestedAt,
          cols: s.cols,
          rows: s.rows,
          recording_file: s.recordingFile,
          node_id: s.nodeId ?? null,
        })
        .execute();
    },
    async findById(id) {
      const r = await base().where('s.id', '=', id).executeTakeFirst();
      return r ? toSession(r) : undefined;
    },
    async update(id, update) {
      const values: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(update)) {
        if (value === undefined) continue;
        values[COLUMN[key as keyof ShellSessionUpdate]] = typeof value === 'boolean' ? Number(value) : value;
      }
      if (Object.keys(values).length === 0) return;
      await db.updateTable('shell_sessions').set(values).where('id', '=', id).execute();
    },
    async list(f) {
      let q = base().orderBy('s.requested_at', 'desc').orderBy('s.id').limit(f.limit).offset(f.offset);
      if (f.deviceId) q = q.where('s.device_id', '=', f.deviceId);
      if (f.ticketId !== undefined) q = q.where('s.ticket_id', '=', f.ticketId);
      if (f.technicianId) q = q.where('s.technician_id', '=', f.technicianId);
      return (await q.execute()).map(toSession);
    },
    async endAllOpen(at, reason) {
      const r = await db
        .updateTable('shell_sessions')
        .set({ state: 'ended', ended_at: at, end_reason: reason })
        .where('state', 'in', ['pending', 'active'])
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async countOpen(f) {
      let q = db.selectFrom('shell_sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('state', 'in', ['pending', 'active']);
      if (f.deviceId) q = q.where('device_id', '=', f.deviceId);
      if (f.technicianId) q = q.where('technician_id', '=', f.technicianId);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },
  };
}

import { sql, type Kysely, type Selectable } from 'kysely';
import { JOB_RUN_STATES } from '../../../shared/api/jobs.js';
import { ScriptShell } from '../../../shared/api/scripts.js';
import type { JobRepo, JobRunState } from '../jobTypes.js';
import type { Database, JobsTable } from '../schema.js';

/** Runs per insert: five values a row, far below either engine's limit on bound parameters. */
const RUNS_PER_INSERT = 100;
/** Queued runs read per look; the oldest jobs' first, the rest at the next looks. */
const QUEUED_LOOK = 5_000;

const toJob = (r: Selectable<JobsTable>) => ({
  id: Number(r.id),
  name: r.name,
  scriptId: r.script_id === null ? null : Number(r.script_id),
  shell: ScriptShell.catch('sh').parse(r.shell),
  sha256: r.sha256,
  timeoutSeconds: Number(r.timeout_seconds),
  concurrency: Number(r.concurrency),
  runWhenOnline: Number(r.run_when_online) === 1,
  createdBy: r.created_by,
  createdAt: r.created_at,
  cancelledAt: r.cancelled_at,
});

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function jobRepo(db: Kysely<Database>): JobRepo {
  const counts = async (ids: number[]) => {
    const out = new Map<number, Record<JobRunState, number>>();
    for (const id of ids) out.set(id, Object.fromEntries(JOB_RUN_STATES.map((s) => [s, 0])) as Record<JobRunState, number>);
    if (ids.length === 0) return out;
    const rows = await db.selectFrom('job_runs').select(['job_id', 'state', (eb) => eb.fn.countAll<number>().as('n')]).where('job_id', 'in', ids).groupBy(['job_id', 'state']).execute();
    for (const r of rows) out.get(Number(r.job_id))![r.state as JobRunState] = Number(r.n);
    return out;
  };
  return {
    async create(job, runs) {
      const r = await db
        .insertInto('jobs')
        .values({
          name: job.name,
          script_id: job.scriptId,
          shell: job.shell,
          body: job.body,
          sha256: job.sha256,
          timeout_seconds: job.timeoutSeconds,
          output_cap: job.outputCap,
          concurrency: job.concurrency,
          run_when_online: job.runWhenOnline ? 1 : 0,
          created_by: job.createdBy,
          created_at: job.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const jobId = Number(r.id);
      const rows = runs.map((x) => ({ job_id: jobId, device_id: x.deviceId, run_id: x.runId, state: x.state, reason: x.reason }));
      for (let i = 0; i < rows.length; i += RUNS_PER_INSERT) await db.insertInto('job_runs').values(rows.slice(i, i + RUNS_PER_INSERT)).execute();
      return jobId;
    },
    async list({ deviceId, limit, offset }) {
      const jobs = deviceId
        ? db.selectFrom('jobs').where((eb) => eb.exists(eb.selectFrom('job_runs as r').select('r.id').whereRef('r.job_id', '=', 'jobs.id').where('r.device_id', '=', deviceId)))
        : db.selectFrom('jobs');
      const [rows, total] = await Promise.all([
        jobs.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
        jobs.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      const byJob = await counts(rows.map((r) => Number(r.id)));
      return { jobs: rows.map((r) => ({ ...toJob(r), counts: byJob.get(Number(r.id))! })), total: Number(total.n) };
    },
    async find(id) {
      const r = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) return undefined;
      const runs = await db
        .selectFrom('job_runs as j')
        .innerJoin('devices as d', 'd.id', 'j.device_id')
        .select(['j.device_id', sql<string>`coalesce(d.display_name, d.hostname)`.as('device'), 'j.state', 'j.reason', 'j.started_at', 'j.ended_at', 'j.end_kind', 'j.exit_code', 'j.output', 'j.dropped_bytes', 'j.duration_ms'])
        .where('j.job_id', '=', id)
        .orderBy('j.id')
        .execute();
      return {
        ...toJob(r),
        body: r.body,
        counts: (await counts([id])).get(id)!,
        runs: runs.map((x) => ({
          deviceId: x.device_id,
          device: x.device,
          state: x.state as JobRunState,
          reason: x.reason,
          startedAt: x.started_at,
          endedAt: x.ended_at,
          end: x.end_kind,
          exitCode: num(x.exit_code),
          output: x.output,
          droppedBytes: num(x.dropped_bytes),
          durationMs: num(x.duration_ms),
        })),
      };
    },
    async claimable(here) {
      // Queued runs are few (the rest ended): read them all and keep those of PCs connected here.
      const queued = (await db.selectFrom('job_runs').select(['run_id', 'job_id', 'device_id']).where('state', '=', 'queued').orderBy('job_id').orderBy('id').limit(QUEUED_LOOK).execute()).filter((q) => here(q.device_id));
      if (queued.length === 0) return [];
      const jobIds = [...new Set(queued.map((q) => Number(q.job_id)))];
      const jobs = await db.selectFrom('jobs').select(['id', 'concurrency']).where('id', 'in', jobIds).execute();
      const running = await db.selectFrom('job_runs').select(['job_id', (eb) => eb.fn.countAll<number>().as('n')]).where('job_id', 'in', jobIds).where('state', 'in', ['running', 'cancelling']).groupBy('job_id').execute();
      const room = new Map(jobs.map((j) => [Number(j.id), Number(j.concurrency)]));
      for (const r of running) room.set(Number(r.job_id), room.get(Number(r.job_id))! - Number(r.n));
      const out = [];
      for (const q of queued) {
        const left = room.get(Number(q.job_id)) ?? 0;
        if (left <= 0) continue;
        room.set(Number(q.job_id), left - 1);
        out.push({ runId: q.run_id, jobId: Number(q.job_id), deviceId: q.device_id });
      }
      return out;
    },
    async claim(runId, node, at) {
      const u = await db.updateTable('job_runs').set({ state: 'running', node, started_at: at }).where('run_id', '=', runId).where('state', '=', 'queued').executeTakeFirst();
      return Number(u.numUpdatedRows) > 0;
    },
    async script(jobId) {
      const r = await db.selectFrom('jobs').select(['shell', 'body', 'timeout_seconds', 'output_cap']).where('id', '=', jobId).executeTakeFirst();
      return r && { shell: ScriptShell.catch('sh').parse(r.shell), body: r.body, timeoutSeconds: Number(r.timeout_seconds), outputCap: Number(r.output_cap) };
    },
    async cancelling() {
      const rows = await db.selectFrom('job_runs').select(['run_id', 'device_id']).where('state', '=', 'cancelling').execute();
      return rows.map((r) => ({ runId: r.run_id, deviceId: r.device_id }));
    },
    async finish(runId, deviceId, at, result) {
      const u = await db
        .updateTable('job_runs')
        .set({
          state: result.end === 'cancelled' ? 'cancelled' : 'done',
          ended_at: at,
          end_kind: result.end,
          exit_code: result.exitCode,
          output: result.output,
          dropped_bytes: result.droppedBytes,
          duration_ms: result.durationMs,
          reason: result.reason,
        })
        .where('run_id', '=', runId)
        .where('device_id', '=', deviceId)
        .where('state', 'in', ['running', 'cancelling'])
        .executeTakeFirst();
      return Number(u.numUpdatedRows) > 0;
    },
    async jobOfRun(runId) {
      const r = await db.selectFrom('job_runs as r').innerJoin('jobs as j', 'j.id', 'r.job_id').select(['j.id', 'j.name', 'j.sha256', 'j.created_by']).where('r.run_id', '=', runId).executeTakeFirst();
      return r && { jobId: Number(r.id), name: r.name, sha256: r.sha256, createdBy: r.created_by };
    },
    async cancel(jobId, at) {
      const u = await db.updateTable('jobs').set({ cancelled_at: at }).where('id', '=', jobId).where('cancelled_at', 'is', null).executeTakeFirst();
      const exists = Number(u.numUpdatedRows) > 0 || !!(await db.selectFrom('jobs').select('id').where('id', '=', jobId).executeTakeFirst());
      await db.updateTable('job_runs').set({ state: 'cancelled', ended_at: at, reason: 'cancelled before it started' }).where('job_id', '=', jobId).where('state', '=', 'queued').execute();
      await db.updateTable('job_runs').set({ state: 'cancelling' }).where('job_id', '=', jobId).where('state', '=', 'running').execute();
      return exists;
    },
    async expire(now, graceMs) {
      const rows = await db
        .selectFrom('job_runs as r')
        .innerJoin('jobs as j', 'j.id', 'r.job_id')
        .select(['r.id', 'r.started_at', 'j.timeout_seconds'])
        .where('r.state', 'in', ['running', 'cancelling'])
        .execute();
      const lost = rows.filter((r) => r.started_at && Date.parse(r.started_at) + Number(r.timeout_seconds) * 1000 + graceMs < now).map((r) => Number(r.id));
      if (lost.length === 0) return 0;
      await db
        .updateTable('job_runs')
        .set({ state: 'lost', ended_at: new Date(now).toISOString(), reason: 'no answer from the PC within its timeout (the agent was offline, or too old to run scripts)' })
        .where('id', 'in', lost)
        .where('state', 'in', ['running', 'cancelling'])
        .execute();
      return lost.length;
    },
  };
}

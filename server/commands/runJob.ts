import { createHash, randomUUID } from 'node:crypto';
import type { CreateJobRequest } from '../../shared/api/jobs.js';
import type { DeviceListQuery } from '../../shared/api/devices.js';
import type { ScriptInput } from '../../shared/api/scripts.js';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError, notFound } from '../errors.js';
import type { Device, NewJobRun, Store, User } from '../storage/types.js';
import { audit } from './audit.js';
import { readListQuery } from './listQuery.js';

/** Output kept per PC; the rest is counted (the agent reads it all, so no script stalls). */
export const JOB_OUTPUT_CAP = 64 * 1024;
/** PCs one job may target. */
const TARGETS_MAX = 5_000;

async function targets(store: Store, body: CreateJobRequest): Promise<Device[]> {
  if (body.devices) {
    const wanted = [...new Set(body.devices)];
    const found = (await store.devices.findByIds(wanted)).filter((d) => !d.revokedAt);
    if (found.length !== wanted.length) {
      const missing = wanted.filter((id) => !found.some((d) => d.id === id));
      throw new AppError(ErrorCode.invalidInput, `body.devices: ${missing.length} unknown or revoked PC${missing.length === 1 ? '' : 's'} (first: ${missing[0]})`);
    }
    return found;
  }
  const { parsed } = readListQuery('inventory', body.filter!, 'body.filter');
  const { revoked: _r, limit: _l, offset: _o, ...filter } = parsed as DeviceListQuery;
  const { devices, total } = await store.devices.list({ ...filter, limit: TARGETS_MAX, offset: 0 });
  if (total > TARGETS_MAX) throw new AppError(ErrorCode.invalidInput, `body.filter: finds ${total} PCs; a job runs on at most ${TARGETS_MAX}`);
  if (devices.length === 0) throw new AppError(ErrorCode.invalidInput, 'body.filter: finds no PC');
  return devices;
}

/**
 * A job: a library script or a command, on each target PC once. A PC whose consent policy asks
 * its person (prompt, notify) is skipped with that reason: scripts run unattended only where
 * the policy says so. An offline PC waits for its return when the job says so, else is skipped.
 */
export async function runJob(store: Store, actor: User, body: CreateJobRequest): Promise<number> {
  let what: { name: string; scriptId: number | null; shell: ScriptInput['shell']; body: string; timeoutSeconds: number };
  if (body.scriptId !== undefined) {
    const script = await store.scripts.find(body.scriptId);
    if (!script) throw notFound('script');
    what = { name: script.name, scriptId: script.id, shell: script.shell, body: script.body, timeoutSeconds: body.timeoutSeconds ?? script.timeoutSeconds };
  } else {
    what = { name: 'ad-hoc command', scriptId: null, shell: body.command!.shell, body: body.command!.body, timeoutSeconds: body.timeoutSeconds ?? 300 };
  }
  const devices = await targets(store, body);
  const runs: NewJobRun[] = devices.map((d) => {
    const base = { deviceId: d.id, runId: randomUUID() };
    if (d.consent !== 'unattended') return { ...base, state: 'skipped', reason: `the PC's consent policy (${d.consent}) asks the person at it; scripts run unattended only` };
    if (!d.online && !body.runWhenOnline) return { ...base, state: 'skipped', reason: 'offline (the job does not wait for PCs to come back)' };
    return { ...base, state: 'queued', reason: null };
  });
  const sha256 = createHash('sha256').update(what.body).digest('hex');
  const at = new Date().toISOString();
  return store.transaction(async (repos) => {
    const id = await repos.jobs.create(
      { ...what, sha256, outputCap: JOB_OUTPUT_CAP, concurrency: body.concurrency, runWhenOnline: body.runWhenOnline, createdBy: actor.username, createdAt: at },
      runs,
    );
    const queued = runs.filter((r) => r.state === 'queued').length;
    await audit(repos, actor.username, 'job.create', String(id), { name: what.name, shell: what.shell, sha256, pcs: runs.length, queued, skipped: runs.length - queued });
    return id;
  });
}

export async function cancelJob(store: Store, actor: User, id: number): Promise<void> {
  await store.transaction(async (repos) => {
    if (!(await repos.jobs.cancel(id, new Date().toISOString()))) throw notFound('job');
    await audit(repos, actor.username, 'job.cancel', String(id), {});
  });
}

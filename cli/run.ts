import fs from 'node:fs';
import type { DeviceSummary } from '../shared/api/devices.js';
import type { JobDetail } from '../shared/api/jobs.js';
import type { ScriptView } from '../shared/api/scripts.js';
import { parse, UsageError } from '../shared/cli.js';
import { authed } from './api.js';
import type { Login } from './config.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHELLS = ['bash', 'sh', 'powershell', 'cmd'];
const ENDED = new Set(['done', 'skipped', 'cancelled', 'lost']);
const out = (line = ''): void => void process.stdout.write(`${line}\n`);

/** A PC by id, or by its exact hostname when that names one PC. */
export async function findDevice(session: Login, name: string): Promise<DeviceSummary> {
  if (UUID.test(name)) return authed<DeviceSummary>(session, 'GET', `/api/v1/devices/${name}`);
  const list = await authed<DeviceSummary[]>(session, 'GET', `/api/v1/devices?limit=500&q=${encodeURIComponent(name)}`);
  const matches = list.filter((d) => d.hostname.toLowerCase() === name.toLowerCase());
  if (matches.length === 0) throw new Error(`no device named "${name}" (see deskside devices)`);
  if (matches.length > 1) throw new Error(`${matches.length} devices are named "${name}"; give its id instead`);
  return matches[0]!;
}

function describeRun(r: JobDetail['runs'][number]): string {
  const how = r.state === 'done' ? (r.end === 'exited' ? `exit ${r.exitCode}` : r.end ?? '') : r.state;
  const took = r.durationMs === null ? '' : ` in ${(r.durationMs / 1000).toFixed(1)} s`;
  return `${r.device}: ${how}${took}${r.reason ? ` (${r.reason})` : ''}`;
}

/**
 * `deskside run`: a library script or a command on PCs, following each as it ends, its output
 * indented below it. Ctrl-C cancels the job. The exit status is 0 when every PC ran it and
 * exited 0, 1 otherwise.
 */
export async function runJobCommand(session: Login, args: string[]): Promise<number> {
  const { values } = parse(args, {
    script: { type: 'string' },
    command: { type: 'string' },
    file: { type: 'string' },
    shell: { type: 'string' },
    device: { type: 'string', multiple: true },
    filter: { type: 'string' },
    'when-online': { type: 'boolean' },
    concurrency: { type: 'string' },
    timeout: { type: 'string' },
  });
  const sources = [values.script, values.command, values.file].filter((v) => v !== undefined);
  if (sources.length !== 1) throw new UsageError('run needs one of --script NAME, --command TEXT or --file PATH');
  if ((values.device === undefined) === (values.filter === undefined)) throw new UsageError('run needs --device DEVICE (once or more) or --filter QUERY');
  const number = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag}: "${v}" is not a whole number above 0`);
    return n;
  };
  const body: Record<string, unknown> = { runWhenOnline: values['when-online'] ?? false };
  const concurrency = number('concurrency', values.concurrency);
  const timeoutSeconds = number('timeout', values.timeout);
  if (concurrency !== undefined) body.concurrency = concurrency;
  if (timeoutSeconds !== undefined) body.timeoutSeconds = timeoutSeconds;
  if (values.script !== undefined) {
    if (values.shell) throw new UsageError('--shell goes with --command or --file; a library script has its own');
    const scripts = await authed<ScriptView[]>(session, 'GET', '/api/v1/scripts');
    const script = scripts.find((s) => s.name.toLowerCase() === values.script!.toLowerCase());
    if (!script) throw new Error(`no script named "${values.script}" in the library (${scripts.map((s) => s.name).join(', ') || 'it is empty'})`);
    body.scriptId = script.id;
  } else {
    const shell = values.shell ?? 'sh';
    if (!SHELLS.includes(shell)) throw new UsageError(`--shell: "${shell}" is not one of ${SHELLS.join(', ')}`);
    let text = values.command;
    if (values.file !== undefined) {
      try {
        text = fs.readFileSync(values.file, 'utf8');
      } catch (err) {
        throw new UsageError(`--file: cannot read ${values.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    }
    body.command = { shell, body: text };
  }
  if (values.filter !== undefined) body.filter = values.filter;
  else body.devices = await Promise.all(values.device!.map(async (d) => (await findDevice(session, d)).id));

  let job = await authed<JobDetail>(session, 'POST', '/api/v1/jobs', body);
  out(`Job #${job.id} (${job.name}) on ${job.runs.length} PC${job.runs.length === 1 ? '' : 's'}; Ctrl-C cancels it.`);
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
    void authed(session, 'POST', `/api/v1/jobs/${job.id}/cancel`).catch(() => undefined);
  };
  process.on('SIGINT', onInterrupt);
  const told = new Set<string>();
  try {
    for (;;) {
      for (const r of job.runs) {
        if (!ENDED.has(r.state) || told.has(r.deviceId)) continue;
        told.add(r.deviceId);
        out(describeRun(r));
        if (r.output) out(r.output.replace(/\n$/, '').replace(/^/gm, '    '));
        if (r.droppedBytes) out(`    (${r.droppedBytes} more bytes of output not kept)`);
      }
      if (told.size === job.runs.length) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      job = await authed<JobDetail>(session, 'GET', `/api/v1/jobs/${job.id}`);
    }
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  const ok = job.runs.filter((r) => r.state === 'done' && r.end === 'exited' && r.exitCode === 0).length;
  out(`${ok} of ${job.runs.length} PCs ran it and exited 0.`);
  if (interrupted) return 130;
  return ok === job.runs.length ? 0 : 1;
}

import { z } from 'zod';
import { ScriptShell } from './scripts.js';

export const JOB_RUN_STATES = ['queued', 'running', 'cancelling', 'done', 'skipped', 'cancelled', 'lost'] as const;
export const JobRunState = z.enum(JOB_RUN_STATES);

/** Run a library script or an ad-hoc command on chosen PCs, or on every PC an inventory filter finds. */
export const CreateJobRequest = z
  .object({
    scriptId: z.number().int().positive().optional(),
    command: z.object({ shell: ScriptShell, body: z.string().min(1, 'expected the command').max(100_000) }).strict().optional(),
    /** Overrides the script's timeout (ad-hoc commands: 300 s unless given). */
    timeoutSeconds: z.number().int().min(1).max(86_400).optional(),
    devices: z.array(z.string().uuid()).min(1).max(5_000).optional(),
    /** An inventory filter as the list's address carries it: `lowDisk=true&group=finance`. */
    filter: z.string().max(2000).optional(),
    /** Offline PCs run it when they come back; otherwise they are skipped. */
    runWhenOnline: z.boolean().default(false),
    /** PCs running it at once. */
    concurrency: z.number().int().min(1).max(500).default(10),
  })
  .strict()
  .refine((j) => (j.scriptId === undefined) !== (j.command === undefined), 'give either scriptId or command')
  .refine((j) => (j.devices === undefined) !== (j.filter === undefined), 'give either devices or filter');
export type CreateJobRequest = z.infer<typeof CreateJobRequest>;

export const JobRunView = z.object({
  deviceId: z.string(),
  device: z.string(),
  state: JobRunState,
  reason: z.string().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** exited, timeout, cancelled, unavailable (the shell could not start). */
  end: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  output: z.string().nullable(),
  droppedBytes: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
});

export const JobView = z.object({
  id: z.number().int(),
  name: z.string(),
  scriptId: z.number().int().nullable(),
  shell: ScriptShell,
  sha256: z.string(),
  timeoutSeconds: z.number().int(),
  concurrency: z.number().int(),
  runWhenOnline: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
  /** Runs per state. */
  counts: z.record(JobRunState, z.number().int()),
});
export type JobView = z.infer<typeof JobView>;

export const JobDetail = JobView.extend({ body: z.string(), runs: z.array(JobRunView) });
export type JobDetail = z.infer<typeof JobDetail>;

export const JobParams = z.object({ id: z.coerce.number().int().positive('expected a job id') });
export const JobListQuery = z.object({ device: z.string().uuid().optional().describe('jobs that ran, or were to run, on this PC'), limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) });

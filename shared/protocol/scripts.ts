import { z } from 'zod';

const RunId = z.string().uuid();

/** Output a run keeps at most (the rest is counted): what a job's page shows per PC. */
export const SCRIPT_OUTPUT_MAX_BYTES = 256 * 1024;

/** Run a script now, unattended (the server sends it only where the PC's consent policy allows). */
export const ScriptRun = z.object({
  type: z.literal('script.run'),
  runId: RunId,
  shell: z.enum(['bash', 'sh', 'powershell', 'cmd']),
  body: z.string().min(1).max(100_000),
  timeoutMs: z.number().int().min(1_000).max(86_400_000),
  outputCapBytes: z.number().int().min(0).max(SCRIPT_OUTPUT_MAX_BYTES),
});
export const ScriptCancel = z.object({ type: z.literal('script.cancel'), runId: RunId });

/** How a run ended, with its output (as UTF-8 text, up to the cap). Kept and sent again after a reconnect. */
export const ScriptDone = z.object({
  type: z.literal('script.done'),
  runId: RunId,
  end: z.enum(['exited', 'timeout', 'cancelled', 'unavailable']),
  exitCode: z.number().int().nullable(),
  signal: z.string().max(20).nullable(),
  output: z.string().max(SCRIPT_OUTPUT_MAX_BYTES * 2),
  droppedBytes: z.number().int().min(0),
  durationMs: z.number().int().min(0),
  error: z.string().max(500).optional(),
});

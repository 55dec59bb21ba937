import type { Generated } from 'kysely';

/** Stored shapes of scripts run on many PCs (migrations/0032_jobs.ts). */
export interface JobsTable {
  id: Generated<number>;
  name: string;
  script_id: number | null;
  shell: string;
  body: string;
  sha256: string;
  timeout_seconds: number;
  output_cap: number;
  concurrency: number;
  run_when_online: number;
  created_by: string;
  created_at: string;
  cancelled_at: string | null;
}

export interface JobRunsTable {
  id: Generated<number>;
  job_id: number;
  device_id: string;
  /** What the agent knows the run by. */
  run_id: string;
  /** queued, running, cancelling, done, skipped, cancelled, lost. */
  state: string;
  reason: string | null;
  node: string | null;
  started_at: string | null;
  ended_at: string | null;
  end_kind: string | null;
  exit_code: number | null;
  output: string | null;
  dropped_bytes: number | null;
  duration_ms: number | null;
}

import type { JobDetail, JobView } from '../../shared/api/jobs.js';

export type Job = Omit<JobDetail, 'runs' | 'counts'>;
export type JobRunState = JobDetail['runs'][number]['state'];

export interface NewJobRun {
  deviceId: string;
  runId: string;
  state: 'queued' | 'skipped';
  reason: string | null;
}

/** A queued run this node may start: its PC's agent is connected here. */
export interface ClaimableRun {
  runId: string;
  jobId: number;
  deviceId: string;
}

export interface RunResult {
  end: string;
  exitCode: number | null;
  output: string;
  droppedBytes: number;
  durationMs: number;
  reason: string | null;
}

export interface JobRepo {
  create(job: Omit<Job, 'id' | 'cancelledAt'> & { outputCap: number }, runs: readonly NewJobRun[]): Promise<number>;
  list(f: { deviceId?: string; limit: number; offset: number }): Promise<{ jobs: JobView[]; total: number }>;
  find(id: number): Promise<JobDetail | undefined>;
  /**
   * Queued runs of PCs `here` says are connected to this node, each job within its concurrency
   * (counting what runs anywhere), oldest job first.
   */
  claimable(here: (deviceId: string) => boolean): Promise<ClaimableRun[]>;
  /** queued → running on this node; false when another node took it or it was cancelled. */
  claim(runId: string, node: string, at: string): Promise<boolean>;
  /** What to send a started run: the job's script. */
  script(jobId: number): Promise<{ shell: Job['shell']; body: string; timeoutSeconds: number; outputCap: number } | undefined>;
  /** Runs asked to stop. */
  cancelling(): Promise<{ runId: string; deviceId: string }[]>;
  /** The agent's result; false when the run was not running (an unknown id, or ended already). */
  finish(runId: string, deviceId: string, at: string, result: RunResult): Promise<boolean>;
  /** The job a run belongs to, as its audit entry names it. */
  jobOfRun(runId: string): Promise<{ jobId: number; name: string; sha256: string; createdBy: string } | undefined>;
  /** Queued runs are cancelled, running ones asked to stop; false when there is no such job. */
  cancel(jobId: number, at: string): Promise<boolean>;
  /** Running runs started before their job's timeout plus `graceMs`: no answer will come. */
  expire(now: number, graceMs: number): Promise<number>;
}

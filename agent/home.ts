import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { describeZodError } from '../shared/protocol/codec.js';

/** Where the agent keeps its state: DESKSIDE_AGENT_HOME, else the system folder of the OS. */
export function agentHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DESKSIDE_AGENT_HOME) return path.resolve(env.DESKSIDE_AGENT_HOME);
  if (process.platform === 'win32') return path.join(env.ProgramData ?? 'C:\\ProgramData', 'Deskside');
  if (process.platform === 'darwin') return '/Library/Application Support/Deskside';
  return process.getuid?.() === 0 ? '/var/lib/deskside-agent' : path.join(os.homedir(), '.local/share/deskside-agent');
}

export const Credential = z.object({
  serverUrl: z.string().url(),
  deviceId: z.string().uuid(),
  deviceSecret: z.string().min(16),
  enrolledAt: z.string(),
});
export type Credential = z.infer<typeof Credential>;

export const Status = z.object({
  state: z.enum(['connecting', 'connected', 'disconnected', 'rejected']),
  since: z.string(),
  pid: z.number().int(),
  detail: z.string().optional(),
  lastInventoryAt: z.string().nullable(),
  lastInventoryHash: z.string().nullable(),
  getHelpUrl: z.string().optional(),
});
export type Status = z.infer<typeof Status>;

/** A state file that is missing, unreadable or corrupt; its message tells the user what to do. */
export class StateFileError extends Error {}

export const files = (home: string) => ({
  credential: path.join(home, 'credential.json'),
  status: path.join(home, 'status.json'),
  log: path.join(home, 'agent.log'),
  lastSoftware: path.join(home, 'last-software.json'),
  /** Since when a restart has been pending, as first seen (see health.ts). */
  rebootPending: path.join(home, 'reboot-pending.json'),
});

function readJson<T>(file: string, schema: z.ZodType<T>, what: string, fix: string): T | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(`cannot read the ${what} file ${file}: ${(err as Error).message}; ${fix}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StateFileError(`the ${what} file ${file} is corrupt (not JSON); ${fix}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StateFileError(`the ${what} file ${file} is invalid (${describeZodError(parsed.error)}); ${fix}`);
  return parsed.data;
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file. */
export function writeJsonAtomic(file: string, value: unknown, mode = 0o600): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode });
  fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, file);
}

const REENROLL = 're-enroll with: deskside-agent enroll --server URL --token TOKEN --force';

export function readCredential(home: string): Credential | undefined {
  return readJson(files(home).credential, Credential, 'credential', REENROLL);
}

export function readStatus(home: string): Status | undefined {
  return readJson(files(home).status, Status, 'status', 'it is rewritten when the agent runs');
}

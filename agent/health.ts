import fs from 'node:fs';
import os from 'node:os';
import si from 'systeminformation';
import { z } from 'zod';
import type { MessageOf, AgentMessage } from '../shared/protocol/messages.js';
import { pendingReboot } from './diagnostics/collect.js';
import { files, writeJsonAtomic } from './home.js';

export type HealthReport = MessageOf<AgentMessage, 'health'>;

const Pending = z.object({ since: z.string().datetime() });

/**
 * Since when a restart has been pending: the first time this agent saw it pending, kept in its
 * home so that a restart of the agent (not of the PC) does not reset the count; forgotten once
 * the PC has restarted.
 */
export function pendingSince(home: string, pending: boolean, now: Date): string | null {
  const file = files(home).rebootPending;
  if (!pending) {
    fs.rmSync(file, { force: true });
    return null;
  }
  try {
    const kept = Pending.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (kept.success && kept.data.since <= now.toISOString()) return kept.data.since;
  } catch {
    // None yet, or unreadable: counted from now.
  }
  const since = now.toISOString();
  writeJsonAtomic(file, { since }, 0o644);
  return since;
}

/** Memory in use (not counting what the OS only caches) and a pending restart, now. */
export async function readHealth(home: string, now = new Date()): Promise<HealthReport> {
  const mem = await si.mem().catch(() => null);
  const total = mem?.total || os.totalmem();
  const used = mem ? mem.total - mem.available : os.totalmem() - os.freemem();
  const pending = (await pendingReboot().catch(() => null)) ?? false;
  return {
    type: 'health',
    memoryUsedPct: Math.min(100, Math.max(0, Math.round((used / total) * 1000) / 10)),
    rebootPendingSince: pendingSince(home, pending, now),
  };
}

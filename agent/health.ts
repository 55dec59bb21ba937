import fs from 'node:fs';
import os from 'node:os';
import { z } from 'zod';
import type { MessageOf, AgentMessage } from '../shared/protocol/messages.js';
import { pendingReboot } from './diagnostics/reboot.js';
import { files, writeJsonAtomic } from './home.js';
import { runTool } from './inventory/software/run.js';

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

/** /proc/meminfo's MemAvailable: free memory plus what the kernel can reclaim from caches. */
function linuxAvailableBytes(): number | null {
  try {
    const kb = /^MemAvailable:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

/**
 * macOS's vm_stat: what Activity Monitor calls memory used is active + wired + compressed
 * pages; the rest (free, inactive, cached files) programs can still have.
 */
export function darwinAvailableBytes(vmStat: string, total: number): number | null {
  const pageSize = Number(/page size of (\d+) bytes/.exec(vmStat)?.[1]);
  const pages = (label: string) => Number(new RegExp(`^${label}:\\s+(\\d+)`, 'm').exec(vmStat)?.[1] ?? NaN);
  const used = (pages('Pages active') + pages('Pages wired down') + pages('Pages occupied by compressor')) * pageSize;
  return Number.isFinite(used) && used > 0 ? Math.max(0, total - used) : null;
}

/**
 * Memory that programs could still have, read without the collectors' library: read every few
 * minutes all day, it would keep systeminformation loaded in the agent for one number. Linux
 * says it in /proc/meminfo, Windows' free memory already counts its standby cache, macOS's
 * vm_stat says what is in use.
 */
async function availableBytes(): Promise<number> {
  if (process.platform === 'linux') return linuxAvailableBytes() ?? os.freemem();
  if (process.platform === 'darwin') {
    const out = await runTool('vm_stat', []);
    const available = out === null ? null : darwinAvailableBytes(out, os.totalmem());
    if (available !== null) return available;
  }
  return os.freemem();
}

/** Memory in use (not counting what the OS only caches) and a pending restart, now. */
export async function readHealth(home: string, now = new Date()): Promise<HealthReport> {
  const total = os.totalmem();
  const used = total - (await availableBytes());
  const pending = (await pendingReboot().catch(() => null)) ?? false;
  return {
    type: 'health',
    memoryUsedPct: Math.min(100, Math.max(0, Math.round((used / total) * 1000) / 10)),
    rebootPendingSince: pendingSince(home, pending, now),
  };
}

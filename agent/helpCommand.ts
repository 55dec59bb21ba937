import fs from 'node:fs';
import os from 'node:os';
import { Priority } from '../shared/api/tickets.js';
import type { DiagnosticsBundle } from '../shared/diagnostics/bundle.js';
import { InventorySections, type SoftwareEntry } from '../shared/inventory.js';
import { files, readCredential, readStatus, StateFileError } from './home.js';
import { HelpQueue } from './queue.js';

const HANDOFF_WAIT_MS = 20_000;

function previousSoftware(home: string): SoftwareEntry[] | null {
  try {
    const parsed = InventorySections.software.safeParse(JSON.parse(fs.readFileSync(files(home).lastSoftware, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function agentConnected(home: string): boolean {
  try {
    const status = readStatus(home);
    if (!status || status.state !== 'connected') return false;
    process.kill(status.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The diagnostics bundle a help request from this PC carries, collected in this process (the
 * collectors are loaded here, on first use). `deskside-agent diagnostics` prints it.
 */
export async function collectHelpDiagnostics(home: string): Promise<DiagnosticsBundle> {
  const credential = readCredential(home);
  if (!credential) throw new StateFileError('not enrolled: run deskside-agent enroll --server URL --token TOKEN first');
  const [{ collectDiagnostics, softwareDiff }, { installedSoftware }] = await Promise.all([import('./diagnostics/collect.js'), import('./inventory/software/index.js')]);
  return collectDiagnostics({
    serverUrl: credential.serverUrl,
    logFile: files(home).log,
    softwareChanges: softwareDiff(previousSoftware(home), await installedSoftware()),
  });
}

/**
 * `deskside-agent help`: collect diagnostics, put the request in the disk queue, and, when the
 * agent is running and connected, wait for it to hand back the ticket number.
 */
export async function submitHelp(
  home: string,
  input: { summary: string; details: string; urgency: string },
  /** The person asking, when the caller knows better than this process's own account (the Get-help page). */
  asUser?: string,
  /** How the bundle is collected: in this process, unless the caller (the running agent) has a child do it. */
  diagnostics: () => Promise<DiagnosticsBundle> = () => collectHelpDiagnostics(home),
): Promise<{ ticketId: number } | { queued: true }> {
  const credential = readCredential(home);
  if (!credential) throw new StateFileError('not enrolled: run deskside-agent enroll --server URL --token TOKEN first');
  const urgency = Priority.safeParse(input.urgency);
  if (!urgency.success) throw new Error(`--urgency must be one of ${Priority.options.join(', ')}`);
  const osUser = asUser ?? (() => {
    try {
      return os.userInfo().username;
    } catch {
      return process.env.USER ?? process.env.USERNAME ?? 'unknown';
    }
  })();
  const queue = new HelpQueue(home);
  const request = queue.add({ summary: input.summary, details: input.details, urgency: urgency.data, osUser, diagnostics: await diagnostics() });
  if (agentConnected(home)) {
    const deadline = Date.now() + HANDOFF_WAIT_MS;
    while (Date.now() < deadline) {
      const sent = queue.sent(request.id);
      if (sent) return { ticketId: sent.ticketId };
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { queued: true };
}

/** `deskside-agent help`, worded for a terminal. */
export async function help(home: string, input: { summary: string; details: string; urgency: string }): Promise<string> {
  const r = await submitHelp(home, input);
  return 'ticketId' in r ? `Ticket #${r.ticketId} opened. A technician will get back to you.` : 'Queued, will be sent when the server is reachable.';
}

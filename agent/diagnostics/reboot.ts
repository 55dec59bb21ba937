import fs from 'node:fs';
import { runTool } from '../inventory/software/run.js';

/** Whether the OS says a restart is pending; null where it does not tell. */
export async function pendingReboot(): Promise<boolean | null> {
  if (process.platform === 'linux') return fs.existsSync('/var/run/reboot-required');
  if (process.platform === 'win32') {
    const out = await runTool('reg', ['query', 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired']);
    return out !== null;
  }
  return null;
}

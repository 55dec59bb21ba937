import type { SoftwareEntry } from '../../../shared/inventory.js';
import { runTool } from './run.js';

/** `dpkg-query -W -f='${Package}\t${Version}\n'` output → entries. */
export function parseDpkg(output: string): SoftwareEntry[] {
  return tabRows(output).map(([name, version]) => ({ name: name!, version: version || null }));
}

/** `rpm -qa --qf '%{NAME}\t%{VERSION}-%{RELEASE}\t%{VENDOR}\n'` output → entries. */
export function parseRpm(output: string): SoftwareEntry[] {
  return tabRows(output).map(([name, version, vendor]) => ({
    name: name!,
    version: version || null,
    publisher: vendor && vendor !== '(none)' ? vendor : null,
  }));
}

function tabRows(output: string): string[][] {
  return output
    .split('\n')
    .map((line) => line.trim().split('\t'))
    .filter((cols) => cols[0]);
}

/** Installed packages from dpkg and rpm, whichever the machine has (both, on some). */
export async function linuxSoftware(): Promise<SoftwareEntry[]> {
  const [dpkg, rpm] = await Promise.all([
    runTool('dpkg-query', ['-W', '-f=${Package}\t${Version}\n']),
    runTool('rpm', ['-qa', '--qf', '%{NAME}\t%{VERSION}-%{RELEASE}\t%{VENDOR}\n']),
  ]);
  return [...(dpkg ? parseDpkg(dpkg) : []), ...(rpm ? parseRpm(rpm) : [])];
}

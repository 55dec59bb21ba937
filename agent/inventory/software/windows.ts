import type { SoftwareEntry } from '../../../shared/inventory.js';
import { runTool } from './run.js';

const UNINSTALL_KEYS = [
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
  'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
  'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
];

/**
 * `reg query <Uninstall key> /s` output → entries. Each subkey is one product; entries without
 * a DisplayName, and system components and updates, are not shown in "Apps" either.
 */
export function parseRegUninstall(output: string): SoftwareEntry[] {
  const entries: SoftwareEntry[] = [];
  let current: Record<string, string> | null = null;
  const flush = () => {
    if (current?.DisplayName && current.SystemComponent !== '0x1' && !current.ParentKeyName) {
      entries.push({ name: current.DisplayName, version: current.DisplayVersion ?? null, publisher: current.Publisher ?? null });
    }
  };
  for (const raw of output.split(/\r?\n/)) {
    if (/^HKEY_/.test(raw)) {
      flush();
      current = {};
      continue;
    }
    const m = /^\s+(\S+)\s+REG_\w+\s+(.*)$/.exec(raw);
    if (m && current) current[m[1]!] = m[2]!.trim();
  }
  flush();
  return entries;
}

export async function windowsSoftware(): Promise<SoftwareEntry[]> {
  const outputs = await Promise.all(UNINSTALL_KEYS.map((key) => runTool('reg', ['query', key, '/s'])));
  const seen = new Set<string>();
  return outputs
    .flatMap((o) => (o ? parseRegUninstall(o) : []))
    .filter((e) => {
      const key = `${e.name}\u0000${e.version}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

import { LIMITS } from '../../../shared/protocol/limits.js';
import type { SoftwareEntry } from '../../../shared/inventory.js';
import { linuxSoftware } from './linux.js';
import { macosSoftware } from './macos.js';
import { windowsSoftware } from './windows.js';

const clip = (s: string | null | undefined) => (s == null ? null : s.slice(0, LIMITS.shortText));

/** The installed software of this machine, sorted by name, within the protocol's limits. */
export async function installedSoftware(platform: NodeJS.Platform = process.platform): Promise<SoftwareEntry[]> {
  const list = platform === 'win32' ? await windowsSoftware() : platform === 'darwin' ? await macosSoftware() : await linuxSoftware();
  return list
    .map((e) => ({ name: clip(e.name) ?? '', version: clip(e.version), publisher: clip(e.publisher) }))
    .filter((e) => e.name)
    .sort((a, b) => a.name.localeCompare(b.name) || String(a.version).localeCompare(String(b.version)))
    .slice(0, LIMITS.softwareEntriesMax);
}

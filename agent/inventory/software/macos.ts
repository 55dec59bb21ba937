import { z } from 'zod';
import type { SoftwareEntry } from '../../../shared/inventory.js';
import { runTool } from './run.js';

const Profile = z.object({
  SPApplicationsDataType: z.array(
    z.object({ _name: z.string(), version: z.string().optional(), obtained_from: z.string().optional(), path: z.string().optional() }),
  ),
});

/**
 * `system_profiler SPApplicationsDataType -json` output → entries: the applications in
 * /Applications (and the user's), which is where people install software on a Mac.
 */
export function parseSystemProfiler(output: string): SoftwareEntry[] {
  const parsed = Profile.safeParse(JSON.parse(output));
  if (!parsed.success) return [];
  return parsed.data.SPApplicationsDataType.filter((a) => !a.path || /\/Applications\//.test(a.path)).map((a) => ({
    name: a._name,
    version: a.version ?? null,
    publisher: a.obtained_from ?? null,
  }));
}

export async function macosSoftware(): Promise<SoftwareEntry[]> {
  const output = await runTool('system_profiler', ['SPApplicationsDataType', '-json', '-detailLevel', 'mini'], 60_000);
  try {
    return output ? parseSystemProfiler(output) : [];
  } catch {
    return [];
  }
}

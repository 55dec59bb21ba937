import type { Generated } from 'kysely';

/** The script library admins keep (shared/api/scripts.ts). */
export interface ScriptsTable {
  id: Generated<number>;
  name: string;
  shell: string;
  body: string;
  timeout_seconds: number;
  description: string;
  sha256: string;
  updated_at: string;
  updated_by: string | null;
}

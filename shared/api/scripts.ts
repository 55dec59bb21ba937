import { z } from 'zod';

export const SCRIPT_SHELLS = ['bash', 'sh', 'powershell', 'cmd'] as const;
export const ScriptShell = z.enum(SCRIPT_SHELLS);

/** A script of the library, as an admin writes it. */
export const ScriptInput = z
  .object({
    name: z.string().trim().min(1, 'expected a name').max(100),
    shell: ScriptShell,
    body: z.string().min(1, 'expected the script').max(100_000),
    /** A run that lasts longer is killed, its whole process tree with it. */
    timeoutSeconds: z.number().int().min(1).max(86_400).default(300),
    description: z.string().max(2000).default(''),
  })
  .strict();
export type ScriptInput = z.infer<typeof ScriptInput>;

export const ScriptView = ScriptInput.extend({
  id: z.number().int(),
  /** SHA-256 of the body: what the audit log names each version and each run by. */
  sha256: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type ScriptView = z.infer<typeof ScriptView>;

export const ScriptParams = z.object({ id: z.coerce.number().int().positive('expected a script id') });

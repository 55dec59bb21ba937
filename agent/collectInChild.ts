import type { z } from 'zod';
import { DiagnosticsBundle, MAX_DIAGNOSTICS_BYTES } from '../shared/diagnostics/bundle.js';
import { InventoryDocument } from '../shared/inventory.js';
import { describeZodError } from '../shared/protocol/codec.js';
import { runSelf, type SelfRunOptions } from './self.js';

/** A document a child printed, checked like anything else that comes from outside this process. */
export async function documentFromChild<T extends z.ZodType>(command: string, schema: T, o: SelfRunOptions): Promise<z.infer<T>> {
  const text = await runSelf([command], o);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`deskside-agent ${command} printed something that is not JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`deskside-agent ${command} printed a document that does not validate: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/** The child works on the same agent home as this process. */
const childEnv = (home: string): NodeJS.ProcessEnv => ({ ...process.env, DESKSIDE_AGENT_HOME: home });

/** `deskside-agent inventory`, run as a child: the agent itself never loads the collectors. */
export function inventoryInChild(home: string): Promise<InventoryDocument> {
  // A PC with tens of thousands of packages prints a few MB; collecting takes seconds.
  return documentFromChild('inventory', InventoryDocument, { maxBytes: 64 * 1024 * 1024, timeoutMs: 5 * 60_000, env: childEnv(home) });
}

/** `deskside-agent diagnostics`, run as a child, for a request made on the Get-help page. */
export function diagnosticsInChild(home: string): Promise<DiagnosticsBundle> {
  return documentFromChild('diagnostics', DiagnosticsBundle, { maxBytes: MAX_DIAGNOSTICS_BYTES * 4, timeoutMs: 2 * 60_000, env: childEnv(home) });
}

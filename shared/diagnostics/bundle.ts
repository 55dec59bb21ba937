import { z } from 'zod';

/** Largest diagnostics bundle accepted, as JSON bytes. */
export const MAX_DIAGNOSTICS_BYTES = 256 * 1024;

const text = z.string().max(500);
const num = z.number().finite().nullable();

const Proc = z.object({ pid: z.number().int(), name: text, cpuPct: num, memPct: num });

/** What the agent collects on the PC when someone asks for help. */
export const DiagnosticsBundle = z.object({
  collectedAt: z.iso.datetime(),
  os: z.object({ platform: text, distro: text.nullable(), release: text.nullable(), hostname: text, uptimeSeconds: num }),
  cpu: z.object({ cores: z.number().int().nonnegative(), loadPct: num, loadAvg1: num }),
  memory: z.object({ totalBytes: z.number().nonnegative(), usedBytes: z.number().nonnegative() }),
  topCpu: z.array(Proc).max(10),
  topMemory: z.array(Proc).max(10),
  filesystems: z.array(z.object({ mount: text, sizeBytes: z.number().nonnegative(), usedBytes: z.number().nonnegative() })).max(64),
  network: z.object({
    interfaces: z.array(z.object({ iface: text, ipv4: text.nullable(), up: z.boolean() })).max(64),
    defaultGateway: text.nullable(),
  }),
  server: z.object({
    url: text,
    dnsOk: z.boolean().nullable(),
    dnsError: text.nullable(),
    httpOk: z.boolean(),
    httpError: text.nullable(),
    latencyMs: num,
    clockSkewMs: num,
  }),
  battery: z.object({ present: z.boolean(), percent: num, healthPct: num }),
  pendingReboot: z.boolean().nullable(),
  softwareChanges: z.object({ added: z.array(text).max(200), removed: z.array(text).max(200) }).nullable(),
  logTail: z.array(text).max(100),
});
export type DiagnosticsBundle = z.infer<typeof DiagnosticsBundle>;

export const Severity = z.enum(['info', 'warning', 'critical']);
export const Finding = z.object({ code: z.string(), severity: Severity, message: z.string() });
export type Finding = z.infer<typeof Finding>;

import path from 'node:path';
import { z } from 'zod';
import type { BlockList } from 'node:net';
import { describeZodError } from '../shared/protocol/codec.js';
import { trustedProxies } from './http/clientAddress.js';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const EnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DESKSIDE_DATA: z.string().min(1).default('./data'),
  DESKSIDE_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // Judged by the password policy when the admin account is made (first start only).
  DESKSIDE_ADMIN_PASSWORD: z.string().min(1).optional(),
  DESKSIDE_LOCAL_AGENT: flag.default(true),
  DATABASE_URL: z
    .string()
    .refine((u) => /^(postgres|postgresql):\/\//.test(u) || /^sqlite:/.test(u), 'expected a postgres:// or sqlite: URL')
    .optional(),
  DESKSIDE_NATS_URL: z
    .string()
    .refine((u) => /^(nats|tls):\/\/[^\s]+$/.test(u), 'expected a nats:// URL such as nats://127.0.0.1:4222')
    .optional(),
  DESKSIDE_CLUSTER_NAME: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only (it prefixes NATS subjects)').default('deskside'),
  // Connections each server process keeps to PostgreSQL.
  DESKSIDE_DB_POOL: z.coerce.number().int().min(1).max(500).default(10),
  // Off for a connection pooler in transaction mode, which cannot keep prepared statements.
  DESKSIDE_DB_PREPARE: flag.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DESKSIDE_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  // Agent handshakes a second that a server's fleet should spread its return over when it loses
  // that server (a restart, a node that died): 15,000 agents at 2,000/s come back over 7.5 s.
  DESKSIDE_RECONNECT_RATE: z.coerce.number().int().min(1).max(1_000_000).default(2000),
  DESKSIDE_TOKEN_TTL_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  DESKSIDE_SESSION_IDLE_MINUTES: z.coerce.number().min(0.05).max(24 * 60).default(30),
  DESKSIDE_SESSIONS_PER_DEVICE: z.coerce.number().int().min(1).max(64).default(4),
  DESKSIDE_SESSIONS_PER_TECHNICIAN: z.coerce.number().int().min(1).max(64).default(8),
  DESKSIDE_RECORDING_MAX_MB: z.coerce.number().min(0).max(10_000).default(100),
  DESKSIDE_RECORD_INPUT: flag.default(false),
  DESKSIDE_TRUSTED_PROXIES: z.string().max(4000).optional(),
  DESKSIDE_CONSENT_SECONDS: z.coerce.number().int().min(5).max(600).default(60),
  DESKSIDE_PUBLIC_URL: z
    .string()
    .url('expected a URL such as https://deskside.example.com')
    .refine((u) => /^https?:\/\//.test(u), 'expected an http:// or https:// URL')
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  DESKSIDE_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').max(512).optional(),
  DESKSIDE_SMTP_URL: z
    .string()
    .refine((u) => /^smtps?:\/\/[^\s/]+/.test(u) && URL.canParse(u), 'expected smtp://[user:password@]host[:port] or smtps://…')
    .optional(),
  DESKSIDE_MAIL_FROM: z
    .string()
    .max(300)
    .refine((v) => mailAddressOf(v) !== null, 'expected an address such as helpdesk@example.com or "Help desk <helpdesk@example.com>"')
    .optional(),
  DESKSIDE_IMAP_URL: z
    .string()
    .refine((u) => /^imaps?:\/\/[^\s/]+/.test(u) && URL.canParse(u), 'expected imap://user:password@host[:port] or imaps://…')
    .optional(),
  DESKSIDE_IMAP_FOLDER: z.string().min(1).max(200).default('INBOX'),
  // Larger messages are set aside unread (an admin sees them), never turned into tickets.
  DESKSIDE_MAIL_MAX_MB: z.coerce.number().min(1).max(200).default(25),
  // How often the alert rules are looked at on every PC.
  DESKSIDE_ALERT_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  // A file attached to a ticket from the console, the API or the CLI (screenshots, logs).
  DESKSIDE_ATTACHMENT_MAX_MB: z.coerce.number().min(0.01).max(100).default(10),
  // Largest file (or folder archive) one transfer to or from a PC may carry.
  DESKSIDE_TRANSFER_MAX_MB: z.coerce.number().min(0.01).max(1_048_576).default(4096),
  // The first wait after a failed hand-off to SMTP; it doubles up to 30 minutes.
  DESKSIDE_MAIL_RETRY_SECONDS: z.coerce.number().min(1).max(3600).default(30),
});

/** The address in `a@b.c` or `Name <a@b.c>`; null when there is none (or a line break hides a header). */
export function mailAddressOf(value: string): string | null {
  if (/[\r\n]/.test(value)) return null;
  const m = /^\s*(?:[^<>]*<([^<>\s]+@[^<>\s]+\.[^<>\s]+)>|([^<>\s]+@[^<>\s]+\.[^<>\s]+))\s*$/.exec(value);
  return m ? (m[1] ?? m[2]!) : null;
}

/** The domain of the sender address: it ends every Message-ID the server makes. */
export const mailDomain = (config: Pick<Config, 'mailFrom'>): string => (config.mailFrom && mailAddressOf(config.mailFrom)?.split('@')[1]) || 'deskside.invalid';

export interface Config {
  production: boolean;
  /** Outbound email; off when unset. Holds credentials: never logged. */
  smtpUrl: string | undefined;
  mailFrom: string | undefined;
  mailRetryMs: number;
  /** The support mailbox read for new requests; off when unset. Holds credentials: never logged. */
  imapUrl: string | undefined;
  imapFolder: string;
  mailMaxBytes: number;
  attachmentMaxBytes: number;
  transferMaxBytes: number;
  alertIntervalMs: number;
  port: number;
  host: string;
  dataDir: string;
  jwtSecret: string | undefined;
  adminPassword: string | undefined;
  localAgent: boolean;
  databaseUrl: string | undefined;
  /** PostgreSQL connections this process keeps at most. */
  dbPoolSize: number;
  dbPrepare: boolean;
  /** Cluster mode: the NATS the server processes talk through. */
  natsUrl: string | undefined;
  /** Prefixes the cluster's NATS subjects. */
  clusterName: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  heartbeatIntervalMs: number;
  /** Handshakes a second an agent fleet spreads its return over (see reconnectSpreadMs). */
  reconnectRate: number;
  tokenTtlSeconds: number;
  /** A remote shell with no bytes either way for this long is closed. */
  sessionIdleMs: number;
  sessionsPerDevice: number;
  sessionsPerTechnician: number;
  /** Size cap of one session's recording; 0 turns recording off. */
  recordingMaxBytes: number;
  /** Proxies whose X-Forwarded-For names the client (see http/clientAddress.ts). */
  trustedProxies: BlockList;
  /** Recordings keep keystrokes too (passwords typed at no-echo prompts among them). */
  recordInput: boolean;
  /** How agents and people elsewhere reach this server (enroll commands, links); see publicUrl.ts. */
  publicUrl: string | undefined;
  /** How long the person at a PC has to accept a remote shell (sent to the agent with each request). */
  consentTimeoutMs: number;
  /** Lets a Prometheus on another machine scrape /metrics with `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
}

export class ConfigError extends Error {}

/** Reads and validates the environment once; a bad value stops start-up with a one-line reason. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(`invalid configuration: ${describeZodError(parsed.error)}`);
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.DESKSIDE_JWT_SECRET) {
    throw new ConfigError('invalid configuration: DESKSIDE_JWT_SECRET is required when NODE_ENV=production');
  }
  if (e.DESKSIDE_NATS_URL && !/^postgres(ql)?:\/\//.test(e.DATABASE_URL ?? '')) {
    throw new ConfigError('invalid configuration: DESKSIDE_NATS_URL (cluster mode) needs DATABASE_URL=postgres://…: every node must share one database, and SQLite is one process\'s');
  }
  if (e.DESKSIDE_NATS_URL && !e.DESKSIDE_JWT_SECRET) {
    // A secret generated into each node's data folder would make every node refuse the others' tokens.
    throw new ConfigError('invalid configuration: DESKSIDE_NATS_URL (cluster mode) needs DESKSIDE_JWT_SECRET, the same on every node');
  }
  if (e.DESKSIDE_SMTP_URL && !e.DESKSIDE_MAIL_FROM) {
    throw new ConfigError('invalid configuration: DESKSIDE_SMTP_URL needs DESKSIDE_MAIL_FROM, the address notifications are sent from');
  }
  let proxies: BlockList;
  try {
    proxies = trustedProxies(e.DESKSIDE_TRUSTED_PROXIES);
  } catch (err) {
    throw new ConfigError(`invalid configuration: DESKSIDE_TRUSTED_PROXIES: ${(err as Error).message}`);
  }
  return {
    production,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DESKSIDE_DATA),
    jwtSecret: e.DESKSIDE_JWT_SECRET,
    adminPassword: e.DESKSIDE_ADMIN_PASSWORD,
    localAgent: e.DESKSIDE_LOCAL_AGENT,
    databaseUrl: e.DATABASE_URL,
    dbPoolSize: e.DESKSIDE_DB_POOL,
    dbPrepare: e.DESKSIDE_DB_PREPARE,
    natsUrl: e.DESKSIDE_NATS_URL,
    clusterName: e.DESKSIDE_CLUSTER_NAME,
    logLevel: e.LOG_LEVEL,
    heartbeatIntervalMs: e.DESKSIDE_HEARTBEAT_SECONDS * 1000,
    reconnectRate: e.DESKSIDE_RECONNECT_RATE,
    tokenTtlSeconds: e.DESKSIDE_TOKEN_TTL_MINUTES * 60,
    sessionIdleMs: e.DESKSIDE_SESSION_IDLE_MINUTES * 60_000,
    sessionsPerDevice: e.DESKSIDE_SESSIONS_PER_DEVICE,
    sessionsPerTechnician: e.DESKSIDE_SESSIONS_PER_TECHNICIAN,
    recordingMaxBytes: Math.round(e.DESKSIDE_RECORDING_MAX_MB * 1024 * 1024),
    publicUrl: e.DESKSIDE_PUBLIC_URL,
    recordInput: e.DESKSIDE_RECORD_INPUT,
    trustedProxies: proxies,
    consentTimeoutMs: e.DESKSIDE_CONSENT_SECONDS * 1000,
    metricsToken: e.DESKSIDE_METRICS_TOKEN,
    smtpUrl: e.DESKSIDE_SMTP_URL,
    mailFrom: e.DESKSIDE_MAIL_FROM,
    mailRetryMs: e.DESKSIDE_MAIL_RETRY_SECONDS * 1000,
    imapUrl: e.DESKSIDE_IMAP_URL,
    imapFolder: e.DESKSIDE_IMAP_FOLDER,
    mailMaxBytes: Math.round(e.DESKSIDE_MAIL_MAX_MB * 1024 * 1024),
    attachmentMaxBytes: Math.round(e.DESKSIDE_ATTACHMENT_MAX_MB * 1024 * 1024),
    transferMaxBytes: Math.round(e.DESKSIDE_TRANSFER_MAX_MB * 1024 * 1024),
    alertIntervalMs: e.DESKSIDE_ALERT_SECONDS * 1000,
  };
}

import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { sqliteDialect, type SchemaDialect } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import { tableDump } from './dump.js';
import { withStatementCache } from './statementCache.js';
import { auditRepo } from './repos/audit.js';
import { deviceRepo } from './repos/devices.js';
import { faqRepo } from './repos/faq.js';
import { settingsRepo } from './repos/settings.js';
import { slaPolicyRepo, type SlaPolicyCache } from './repos/slaPolicies.js';
import { dashboardRepo } from './repos/dashboard.js';
import { shellSessionRepo } from './repos/shellSessions.js';
import { ticketRepo } from './repos/tickets.js';
import { tokenRepo } from './repos/tokens.js';
import { userRepo } from './repos/users.js';
import { secondFactorRepo } from './repos/secondFactors.js';
import { deviceUserRepo } from './repos/deviceUsers.js';
import { clusterRepo } from './repos/cluster.js';
import { counterRepo } from './repos/counters.js';
import { recordingChunkRepo } from './repos/recordings.js';
import { noticeRepo, slaNoticeRepo } from './repos/notices.js';
import { notificationPrefRepo, outboxRepo } from './repos/outbox.js';
import { attachmentRepo, inboundRepo } from './repos/inbound.js';
import { ratingRepo } from './repos/ratings.js';
import { savedFilterRepo } from './repos/savedFilters.js';
import { alertRepo } from './repos/alerts.js';
import { scriptRepo } from './repos/scripts.js';
import { jobRepo } from './repos/jobs.js';
import { transferRepo } from './repos/transfers.js';
import { CREATE_TEXT_HITS } from './repos/ticketText.js';
import type { Database } from './schema.js';
import type { NewNotice, Repos, Store } from './types.js';

export type * from './types.js';

function repos(db: Kysely<Database>, d: SchemaDialect, noticeAdded: (n: NewNotice) => void, slaCache: SlaPolicyCache): Repos {
  return {
    users: userRepo(db),
    secondFactors: secondFactorRepo(db),
    tokens: tokenRepo(db),
    devices: deviceRepo(db),
    audit: auditRepo(db),
    tickets: ticketRepo(db, d),
    settings: settingsRepo(db),
    slaPolicies: slaPolicyRepo(db, slaCache),
    dashboard: dashboardRepo(db),
    faq: faqRepo(db, d),
    shellSessions: shellSessionRepo(db),
    deviceUsers: deviceUserRepo(db),
    cluster: clusterRepo(db, d),
    counters: counterRepo(db),
    recordings: recordingChunkRepo(db),
    notices: noticeRepo(db, d, noticeAdded),
    outbox: outboxRepo(db, d),
    notificationPrefs: notificationPrefRepo(db),
    slaNotices: slaNoticeRepo(db),
    inbound: inboundRepo(db),
    attachments: attachmentRepo(db),
    ratings: ratingRepo(db),
    savedFilters: savedFilterRepo(db),
    alerts: alertRepo(db),
    scripts: scriptRepo(db),
    jobs: jobRepo(db),
    transfers: transferRepo(db),
  };
}

/** A Store over any Kysely database: the queries are written once for every dialect. */
export function kyselyStore(db: Kysely<Database>, dialect: SchemaDialect): Store {
  const listeners: ((notices: NewNotice[]) => void)[] = [];
  const slaCache: SlaPolicyCache = new Map();
  // Told only once the notices are committed: a rolled-back change announces nothing.
  const committed = (notices: NewNotice[]) => {
    if (notices.length === 0) return;
    for (const listener of listeners) {
      try {
        listener(notices);
      } catch {
        // A listener's failure is its own; the write it follows has landed.
      }
    }
  };
  return {
    ...repos(db, dialect, (n) => committed([n]), slaCache),
    dialect: dialect.name,
    dump: tableDump(db, dialect),
    async transaction(fn) {
      const added: NewNotice[] = [];
      const result = await db.transaction().execute((trx) => fn(repos(trx, dialect, (n) => added.push(n), slaCache)));
      committed(added);
      return result;
    },
    onNotices: (listener) => void listeners.push(listener),
    close: () => db.destroy(),
  };
}

/**
 * The database holds password hashes and every ticket: readable by the server's account only.
 * SQLite gives its -wal and -shm files the mode of the database file, so the file is created
 * (or, from an older installation, tightened) to 0600 before SQLite opens it.
 */
function privateDatabaseFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

/** The embedded default: one SQLite file in the data folder, WAL mode, migrated on open. */
export async function openSqliteStore(file: string): Promise<Store> {
  if (file !== ':memory:') privateDatabaseFile(file);
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode and much faster than FULL.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.exec(CREATE_TEXT_HITS);
  const statements = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
  await migrateToLatest(db, sqliteDialect);
  statements.clear();
  return kyselyStore(db, sqliteDialect);
}

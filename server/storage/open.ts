import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../env.js';
import { openSqliteStore } from './index.js';
import type { Store } from './types.js';

/** The store the configuration asks for: PostgreSQL for a postgres:// URL, else SQLite. */
export async function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl' | 'dbPoolSize' | 'dbPrepare'>, logger?: Pick<Logger, 'warn'>): Promise<Store> {
  const url = config.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    // Loaded only here: a SQLite installation never pays for the pg driver.
    const { openPostgresStore } = await import('./postgres.js');
    return openPostgresStore(url, { poolSize: config.dbPoolSize, prepare: config.dbPrepare, logger });
  }
  if (url?.startsWith('sqlite:')) return openSqliteStore(url.slice('sqlite:'.length) || path.join(config.dataDir, 'deskside.db'));
  return openSqliteStore(path.join(config.dataDir, 'deskside.db'));
}

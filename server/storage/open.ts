import path from 'node:path';
import type { Config } from '../env.js';
import { openSqliteStore } from './index.js';
import type { Store } from './types.js';

/** The store the configuration asks for. */
export function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl'>): Promise<Store> {
  const url = config.databaseUrl;
  if (url?.startsWith('sqlite:')) return openSqliteStore(url.slice('sqlite:'.length) || path.join(config.dataDir, 'deskside.db'));
  return openSqliteStore(path.join(config.dataDir, 'deskside.db'));
}

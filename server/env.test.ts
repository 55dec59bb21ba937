import { describe, expect, it } from 'vitest';
import { loadConfig } from './env.js';

const cluster = {
  DATABASE_URL: 'postgres://deskside@db:5432/deskside',
  DESKSIDE_NATS_URL: 'nats://nats:4222',
  DESKSIDE_JWT_SECRET: 'x'.repeat(32),
};

describe('the environment of a cluster node', () => {
  it('is accepted whole, with the defaults', () => {
    expect(loadConfig(cluster)).toMatchObject({ natsUrl: 'nats://nats:4222', clusterName: 'deskside', dbPoolSize: 10 });
  });

  it.each([
    ['SQLite', { DATABASE_URL: undefined }, /needs DATABASE_URL=postgres/],
    ['no shared signing secret', { DESKSIDE_JWT_SECRET: undefined }, /needs DESKSIDE_JWT_SECRET, the same on every node/],
    ['a NATS URL of another scheme', { DESKSIDE_NATS_URL: 'http://nats:4222' }, /DESKSIDE_NATS_URL: expected a nats:\/\/ URL/],
    ['a cluster name that is not a subject token', { DESKSIDE_CLUSTER_NAME: 'a.b' }, /DESKSIDE_CLUSTER_NAME: letters, digits/],
    ['a pool of 0', { DESKSIDE_DB_POOL: '0' }, /DESKSIDE_DB_POOL/],
    ['a database URL of another kind', { DATABASE_URL: 'mysql://db/x' }, /DATABASE_URL: expected a postgres:\/\/ or sqlite: URL/],
  ])('is refused in one line: %s', (_what, change, message) => {
    const env = { ...cluster, ...change } as Record<string, string | undefined>;
    expect(() => loadConfig(env)).toThrow(message);
  });
});

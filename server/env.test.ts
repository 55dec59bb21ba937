import { describe, expect, it } from 'vitest';
import { loadConfig } from './env.js';

const cluster = {
  DATABASE_URL: 'postgres://deskside@db:5432/deskside',
  DESKSIDE_NATS_URL: 'nats://nats:4222',
  DESKSIDE_JWT_SECRET: 'x'.repeat(32),
};

describe('the environment of a cluster node', () => {
  it('is accepted whole, with the defaults', () => {
    expect(loadConfig(cluster)).toMatchObject({ natsUrl: 'nats://nats:4222', clusterName: 'deskside', dbPoolSize: 10, dbPrepare: true });
    expect(loadConfig({ ...cluster, DESKSIDE_DB_PREPARE: '0' }).dbPrepare).toBe(false);
  });

  it.each([
    ['SQLite', { DATABASE_URL: undefined }, /needs DATABASE_URL=postgres/],
    ['no shared signing secret', { DESKSIDE_JWT_SECRET: undefined }, /needs DESKSIDE_JWT_SECRET, the same on every node/],
    ['a NATS URL of another scheme', { DESKSIDE_NATS_URL: 'http://nats:4222' }, /DESKSIDE_NATS_URL: expected a nats:\/\/ URL/],
    ['a cluster name that is not a subject token', { DESKSIDE_CLUSTER_NAME: 'a.b' }, /DESKSIDE_CLUSTER_NAME: letters, digits/],
    ['a pool of 0', { DESKSIDE_DB_POOL: '0' }, /DESKSIDE_DB_POOL/],
    ['preparing neither on nor off', { DESKSIDE_DB_PREPARE: 'sometimes' }, /DESKSIDE_DB_PREPARE/],
    ['a database URL of another kind', { DATABASE_URL: 'mysql://db/x' }, /DATABASE_URL: expected a postgres:\/\/ or sqlite: URL/],
  ])('is refused in one line: %s', (_what, change, message) => {
    const env = { ...cluster, ...change } as Record<string, string | undefined>;
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('the mail settings', () => {
  const mail = { DESKSIDE_SMTP_URL: 'smtp://desk:s3cret@mail.example.com:587', DESKSIDE_MAIL_FROM: 'Help desk <helpdesk@example.com>' };

  it('are accepted with a named or a bare sender address', () => {
    expect(loadConfig(mail)).toMatchObject({ smtpUrl: mail.DESKSIDE_SMTP_URL, mailFrom: mail.DESKSIDE_MAIL_FROM, mailRetryMs: 30_000 });
    expect(loadConfig({ ...mail, DESKSIDE_MAIL_FROM: 'helpdesk@example.com' }).mailFrom).toBe('helpdesk@example.com');
    expect(loadConfig({})).toMatchObject({ smtpUrl: undefined, mailFrom: undefined });
  });

  it.each([
    ['no sender', { DESKSIDE_MAIL_FROM: undefined }, /DESKSIDE_SMTP_URL needs DESKSIDE_MAIL_FROM/],
    ['another scheme', { DESKSIDE_SMTP_URL: 'http://mail.example.com' }, /DESKSIDE_SMTP_URL: expected smtp:/],
    ['a sender that is no address', { DESKSIDE_MAIL_FROM: 'help desk' }, /DESKSIDE_MAIL_FROM: expected an address/],
    ['a sender hiding a header', { DESKSIDE_MAIL_FROM: 'a@example.com\r\nBcc: b@example.com' }, /DESKSIDE_MAIL_FROM: expected an address/],
  ])('are refused in one line: %s', (_what, change, message) => {
    expect(() => loadConfig({ ...mail, ...change } as Record<string, string | undefined>)).toThrow(message);
  });

  it('never repeat the SMTP password in an error', () => {
    expect(() => loadConfig({ ...mail, DESKSIDE_MAIL_FROM: 'nope' })).not.toThrow(/s3cret/);
    expect(() => loadConfig({ DESKSIDE_SMTP_URL: 'ftp://desk:s3cret@mail', DESKSIDE_MAIL_FROM: 'a@example.com' })).toThrow(/^(?!.*s3cret)/s);
  });
});

describe('the support mailbox settings', () => {
  it('are accepted for imap:// and imaps://, with their defaults', () => {
    expect(loadConfig({ DESKSIDE_IMAP_URL: 'imaps://help%40example.com:s3cret@imap.example.com' })).toMatchObject({
      imapUrl: 'imaps://help%40example.com:s3cret@imap.example.com',
      imapFolder: 'INBOX',
      mailMaxBytes: 25 * 1024 * 1024,
    });
    expect(loadConfig({ DESKSIDE_IMAP_URL: 'imap://desk:pw@127.0.0.1:1143', DESKSIDE_IMAP_FOLDER: 'Support/New', DESKSIDE_MAIL_MAX_MB: '5' })).toMatchObject({ imapFolder: 'Support/New', mailMaxBytes: 5 * 1024 * 1024 });
    expect(loadConfig({}).imapUrl).toBeUndefined();
  });

  it.each([
    ['another scheme', { DESKSIDE_IMAP_URL: 'pop3://desk:s3cret@mail.example.com' }, /DESKSIDE_IMAP_URL: expected imap:/],
    ['no host', { DESKSIDE_IMAP_URL: 'imap://' }, /DESKSIDE_IMAP_URL/],
    ['a size of nothing', { DESKSIDE_MAIL_MAX_MB: '0' }, /DESKSIDE_MAIL_MAX_MB/],
    ['a size that is no number', { DESKSIDE_MAIL_MAX_MB: 'big' }, /DESKSIDE_MAIL_MAX_MB/],
  ])('are refused in one line: %s', (_what, env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
    expect(() => loadConfig(env)).not.toThrow(/s3cret/);
  });
});

import { describe, expect, it } from 'vitest';
import { describeNatsUrl } from '../cluster/bus.js';
import { describePostgresUrl } from './postgres.js';

describe('server addresses in messages', () => {
  it('name host, port and database, never the password', () => {
    expect(describePostgresUrl('postgres://deskside:s3cret@db.example.com:6432/desk')).toBe('db.example.com:6432/desk');
    expect(describePostgresUrl('postgres://db/desk')).toBe('db:5432/desk');
    expect(describeNatsUrl('nats://user:s3cret@nats.example.com:4333')).toBe('nats.example.com:4333');
    expect(describeNatsUrl('nats://nats')).toBe('nats:4222');
  });
});

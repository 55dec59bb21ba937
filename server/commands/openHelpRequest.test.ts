import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/roles.js';
import { openSqliteStore, type Store } from '../storage/index.js';
import { createUser } from './createUser.js';
import { NEW_ACCOUNTS_PER_DEVICE_HOUR, openHelpRequest, TRUST_PC_USERS } from './openHelpRequest.js';
import { updateUser } from './updateUser.js';

const PASSWORD = 'correct-horse-battery';

describe('whom a PC acts for (the rule, as a table)', () => {
  let store: Store;
  let device: { id: string; hostname: string };
  beforeEach(async () => {
    store = await openSqliteStore(':memory:');
    device = { id: randomUUID(), hostname: 'corp' };
    await store.devices.create({ id: device.id, hostname: device.hostname, platform: 'linux', agentVersion: '0.1.0', secretHash: 'h'.repeat(64), enrolledAt: new Date().toISOString() });
  });
  afterEach(() => store.close());

  const ask = (osUser: string) =>
    openHelpRequest(store, device, { type: 'ticket.create', requestId: randomUUID(), summary: 'Help me', details: '', urgency: 'normal', osUser, diagnostics: null }).then(
      async (t) => (await store.users.findById(t.requesterId))!.username,
      (err: { code?: string }) => `refused: ${err.code}`,
    );
  const account = (username: string, role: Role) => createUser(store, { username, role, password: PASSWORD }, null);

  type Row = [string, () => Promise<unknown>, string, string];
  const rows: Row[] = [
    ['a known employee of that name', () => account('emma', 'employee'), 'emma', 'emma'],
    ['nobody of that name: an account user@host', async () => undefined, 'otto', 'otto@corp'],
    ['a technician of that name: user@host instead', () => account('tina', 'technician'), 'tina', 'tina@corp'],
    ['a technician named user@host: refused', () => account('tech@corp', 'technician'), 'tech', 'refused: forbidden'],
    ['an admin named user@host: refused', () => account('root@corp', 'admin'), 'root', 'refused: forbidden'],
    ['a disabled employee: refused', async () => updateUser(store, 'x', (await account('dora', 'employee')).id, { disabled: true }), 'dora', 'refused: account_disabled'],
    ['policy off, a new person: refused until an admin confirms', () => store.settings.put(TRUST_PC_USERS, false, new Date().toISOString()), 'nina', 'refused: forbidden'],
  ];
  it.each(rows)('%s', async (_case, given, osUser, expected) => {
    await given();
    expect(await ask(osUser)).toBe(expected);
  });

  it(`makes at most ${NEW_ACCOUNTS_PER_DEVICE_HOUR} accounts an hour for one PC, and still serves the people it knows`, async () => {
    const answers = [];
    for (let i = 0; i < NEW_ACCOUNTS_PER_DEVICE_HOUR + 2; i++) answers.push(await ask(`intern${i}`));
    expect(answers.slice(0, NEW_ACCOUNTS_PER_DEVICE_HOUR)).toEqual(Array.from({ length: NEW_ACCOUNTS_PER_DEVICE_HOUR }, (_, i) => `intern${i}@corp`));
    expect(answers.slice(NEW_ACCOUNTS_PER_DEVICE_HOUR)).toEqual(['refused: rate_limited', 'refused: rate_limited']);
    expect(await ask('intern0')).toBe('intern0@corp');
  });
});

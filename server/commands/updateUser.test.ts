import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passwordProblem } from '../auth/passwordPolicy.js';
import { openSqliteStore, type Store } from '../storage/index.js';
import { createUser } from './createUser.js';
import { changeOwnPassword, deleteUser, updateUser } from './updateUser.js';

const GOOD = 'correct-horse-battery';
const code = (p: Promise<unknown>) => p.then(() => 'ok', (err: { code?: string }) => err.code);

describe('taking access away', () => {
  let store: Store;
  let revoked: string[];
  const track = (id: string) => void revoked.push(id);
  beforeEach(async () => {
    store = await openSqliteStore(':memory:');
    revoked = [];
    await createUser(store, { username: 'ada', role: 'admin', password: GOOD }, null);
  });
  afterEach(() => store.close());
  const user = async (name: string) => (await store.users.findByUsername(name))!;

  it('ends sessions on a new role, on disabling and on a new password, not on re-enabling or an email', async () => {
    const tess = await createUser(store, { username: 'tess', role: 'technician', password: GOOD }, 'ada');
    const steps: [Parameters<typeof updateUser>[3], boolean][] = [
      [{ role: 'employee' }, true],
      [{ disabled: true }, true],
      [{ disabled: false }, false],
      [{ password: 'another-long-passphrase' }, true],
      [{ email: 'tess@example.com' }, false],
      [{ role: 'employee' }, false], // no change at all
    ];
    let version = tess.tokenVersion;
    for (const [edit, ends] of steps) {
      revoked = [];
      const after = await updateUser(store, 'ada', tess.id, edit, track);
      expect({ edit, ended: after.tokenVersion > version, revoked: revoked.length > 0 }).toEqual({ edit, ended: ends, revoked: ends });
      version = after.tokenVersion;
    }
    expect(await user('tess')).toMatchObject({ role: 'employee', disabledAt: null, email: 'tess@example.com' });
  });

  it('keeps one admin who can sign in', async () => {
    const ada = await user('ada');
    for (const edit of [{ role: 'technician' as const }, { disabled: true }]) {
      expect(await code(updateUser(store, 'ada', ada.id, edit))).toBe('conflict');
    }
    expect(await code(deleteUser(store, 'ada', ada.id))).toBe('conflict');
    await createUser(store, { username: 'bob', role: 'admin', password: GOOD }, 'ada');
    expect(await code(updateUser(store, 'bob', ada.id, { role: 'technician' }))).toBe('ok');
  });

  it('deletes a user but keeps the row and the name, which nobody else gets', async () => {
    const eve = await createUser(store, { username: 'eve', role: 'employee', password: GOOD }, 'ada');
    await deleteUser(store, 'ada', eve.id, track);
    expect(revoked).toEqual([eve.id]);
    expect(await store.users.findById(eve.id)).toMatchObject({ username: 'eve', deletedAt: expect.any(String) });
    expect((await store.users.list()).map((u) => u.username)).toEqual(['ada']);
    expect(await code(createUser(store, { username: 'eve', role: 'employee', password: GOOD }, 'ada'))).toBe('conflict');
    expect(await code(updateUser(store, 'ada', eve.id, { disabled: true }))).toBe('not_found');
    const audit = (await store.audit.list({ limit: 10 })).entries;
    expect(audit.find((a) => a.action === 'user.delete')).toMatchObject({ actor: 'ada', target: 'eve' });
  });

  it('changes one own password only with the current one', async () => {
    const ada = await user('ada');
    expect(await code(changeOwnPassword(store, ada, 'wrong-current-password', 'a-new-long-passphrase'))).toBe('invalid_input');
    expect(await code(changeOwnPassword(store, ada, GOOD, GOOD))).toBe('invalid_input');
    const after = await changeOwnPassword(store, ada, GOOD, 'a-new-long-passphrase', track);
    expect(after.tokenVersion).toBe(ada.tokenVersion + 1);
    expect(revoked).toEqual([ada.id]);
  });
});

describe('the password policy', () => {
  it('takes long passwords that are not common', async () => {
    expect(await passwordProblem('correct-horse-battery', 'ada')).toBeNull();
  });
  it('refuses short, common, repeated and own-name passwords, naming why', async () => {
    expect(await passwordProblem('short-pw', 'ada')).toMatch(/at least 12/);
    expect(await passwordProblem('1q2w3e4r5t6y', 'ada')).toMatch(/commonly used/);
    expect(await passwordProblem('QWERTY123456', 'ada')).toMatch(/commonly used/);
    expect(await passwordProblem('aaaaaaaaaaaaaa', 'ada')).toMatch(/repeated/);
    expect(await passwordProblem('maintenance-tech', 'Maintenance-Tech')).toMatch(/username/);
  });
});

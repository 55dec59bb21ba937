import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORES } from '../../test/helpers/postgres.js';
import type { Store } from './types.js';

/** Two-factor sign-in state: enrolment, replay refusal, single-use recovery codes, on every engine. */
describe.each(STORES)('Store contract, second factor: %s', (_name, open) => {
  let store: Store;
  let id: string;
  beforeEach(async () => {
    store = await open();
    id = randomUUID();
    await store.users.create({ id, username: 'tech', role: 'technician', passwordHash: 'x', createdAt: '2026-01-01T00:00:00.000Z' });
  });
  afterEach(() => store.close());
  const at = '2026-12-02T10:00:00.000Z';

  it('is off until the first code is confirmed, and a pending secret can be replaced', async () => {
    expect(await store.secondFactors.get(id)).toBeUndefined();
    expect(await store.secondFactors.begin(id, 'AAAA')).toBe(true);
    expect(await store.secondFactors.begin(id, 'BBBB')).toBe(true);
    expect(await store.secondFactors.get(id)).toEqual({ secret: 'BBBB', enabledAt: null, lastStep: 0, recoveryCodesLeft: 0 });
    expect((await store.users.findById(id))!.twoFactor).toBe(false);
    expect(await store.secondFactors.useStep(id, 5)).toBe(false);

    expect(await store.secondFactors.enable(id, 100, ['h1', 'h2', 'h3'], at)).toBe(true);
    expect(await store.secondFactors.get(id)).toEqual({ secret: 'BBBB', enabledAt: at, lastStep: 100, recoveryCodesLeft: 3 });
    expect((await store.users.findById(id))!.twoFactor).toBe(true);
    // Once on, neither a new enrolment nor a second confirmation replaces it.
    expect(await store.secondFactors.begin(id, 'CCCC')).toBe(false);
    expect(await store.secondFactors.enable(id, 101, [], at)).toBe(false);
    expect((await store.secondFactors.get(id))!.secret).toBe('BBBB');
  });

  it('accepts each time step once, never an earlier one, and one of two racing sign-ins', async () => {
    await store.secondFactors.begin(id, 'AAAA');
    await store.secondFactors.enable(id, 100, [], at);
    expect(await store.secondFactors.useStep(id, 100)).toBe(false);
    expect(await store.secondFactors.useStep(id, 99)).toBe(false);
    const raced = await Promise.all(Array.from({ length: 6 }, () => store.secondFactors.useStep(id, 101)));
    expect(raced.filter(Boolean)).toHaveLength(1);
    expect(await store.secondFactors.useStep(id, 102)).toBe(true);
  });

  it('spends each recovery code once; new codes replace the old; removal forgets everything', async () => {
    await store.secondFactors.begin(id, 'AAAA');
    await store.secondFactors.enable(id, 1, ['h1', 'h2'], at);
    expect(await store.secondFactors.useRecoveryCode(id, 'h1', at)).toBe(true);
    expect(await store.secondFactors.useRecoveryCode(id, 'h1', at)).toBe(false);
    expect(await store.secondFactors.useRecoveryCode(id, 'nope', at)).toBe(false);
    expect((await store.secondFactors.get(id))!.recoveryCodesLeft).toBe(1);
    await store.secondFactors.replaceRecoveryCodes(id, ['h3', 'h4', 'h5']);
    expect(await store.secondFactors.useRecoveryCode(id, 'h2', at)).toBe(false);
    expect((await store.secondFactors.get(id))!.recoveryCodesLeft).toBe(3);
    await store.secondFactors.remove(id);
    expect(await store.secondFactors.get(id)).toBeUndefined();
    expect((await store.users.findById(id))!.twoFactor).toBe(false);
    expect(await store.secondFactors.useRecoveryCode(id, 'h3', at)).toBe(false);
  });
});

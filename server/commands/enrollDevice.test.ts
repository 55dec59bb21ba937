import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../storage/index.js';
import { createEnrollmentToken } from './createEnrollmentToken.js';
import { enrollDevice } from './enrollDevice.js';

const T0 = new Date('2026-03-02T09:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const pc = (token: string) => ({ token, hostname: 'pc-1', platform: 'linux', agentVersion: '0.1.0' });
const refusal = (p: Promise<unknown>) => p.then(() => 'ok', (err: { code?: string }) => err.code);

describe('enrolling with a token, on an injected clock', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openSqliteStore(':memory:');
  });
  afterEach(() => store.close());

  it('works until the token expires, then says it expired', async () => {
    const { token } = await createEnrollmentToken(store, { expires: '1h', uses: 5 }, 'admin', T0);
    expect(await refusal(enrollDevice(store, pc(token), later(59 * 60_000)))).toBe('ok');
    expect(await refusal(enrollDevice(store, pc(token), later(60 * 60_000)))).toBe('enrollment_token_expired');
  });

  it('works for its number of uses, then says it is used up', async () => {
    const { token } = await createEnrollmentToken(store, { expires: '1h', uses: 2 }, 'admin', T0);
    expect(await refusal(enrollDevice(store, pc(token), later(1)))).toBe('ok');
    expect(await refusal(enrollDevice(store, pc(token), later(2)))).toBe('ok');
    expect(await refusal(enrollDevice(store, pc(token), later(3)))).toBe('enrollment_token_used_up');
  });

  it('refuses a token it never issued', async () => {
    expect(await refusal(enrollDevice(store, pc('dse_nonsense'), T0))).toBe('enrollment_token_invalid');
  });
});

import { describe, expect, it } from 'vitest';
import { classifySendError, retryDelayMs } from './sender.js';

describe('a failed hand-off to SMTP', () => {
  it.each([
    ['a refused recipient (550) is given up on', { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 no such user' }, true],
    ['a message refused as it is (554) is given up on', { code: 'EMESSAGE', responseCode: 554, response: '554 rejected' }, true],
    ['a wrong password (535) is retried: an admin may mend the configuration', { code: 'EAUTH', responseCode: 535, response: '535 Authentication failed' }, false],
    ['a busy server (451) is retried', { code: 'EENVELOPE', responseCode: 451, response: '451 try again later' }, false],
    ['a refused connection is retried', { code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:25' }, false],
    ['a certificate it cannot trust is retried', { code: 'ESOCKET', message: 'self-signed certificate' }, false],
  ])('%s', (_name, err, permanent) => {
    const c = classifySendError(Object.assign(new Error((err as { message?: string }).message ?? 'x'), err));
    expect(c.permanent).toBe(permanent);
    expect(c.message).toContain(err.code);
  });

  it('waits longer after each failure, up to 30 minutes, half of it random', () => {
    expect([0, 1, 2].map((a) => retryDelayMs(a, 30_000, () => 1))).toEqual([30_000, 60_000, 120_000]);
    expect(retryDelayMs(0, 30_000, () => 0)).toBe(15_000);
    expect(retryDelayMs(40, 30_000, () => 1)).toBe(30 * 60_000);
  });
});

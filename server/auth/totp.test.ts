import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hashRecoveryCode, looksLikeRecoveryCode, matchingStep, newRecoveryCodes, newTotpSecret, otpauthUrl, timeStep, totpCode } from './totp.js';

/** Codes from an independent implementation: Debian's oathtool (oath-toolkit). */
function oathtool(secret: string, atMs: number): string {
  const now = new Date(atMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return execFileSync('oathtool', ['--totp', '--base32', `--now=${now}`, secret], { encoding: 'utf8' }).trim();
}

describe('TOTP', () => {
  it('gives the codes of RFC 6238 appendix B for SHA-1', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    // The RFC lists eight digits; six are the last six of them.
    expect(totpCode(secret, timeStep(59_000))).toBe('287082');
    expect(totpCode(secret, timeStep(1_111_111_109_000))).toBe('081804');
    expect(totpCode(secret, timeStep(20_000_000_000_000))).toBe('353130');
  });

  it('agrees with oathtool on fresh secrets at many instants', () => {
    for (let i = 0; i < 8; i++) {
      const secret = newTotpSecret();
      const at = Date.UTC(2026, 11, 2) + i * 3_700_123;
      expect(totpCode(secret, timeStep(at))).toBe(oathtool(secret, at));
    }
  });

  it('accepts the previous, current and next step and nothing further', () => {
    const secret = newTotpSecret();
    const now = Date.UTC(2026, 11, 2, 9, 0, 10);
    const step = timeStep(now);
    expect(matchingStep(secret, oathtool(secret, now - 30_000), now)).toBe(step - 1);
    expect(matchingStep(secret, oathtool(secret, now), now)).toBe(step);
    expect(matchingStep(secret, oathtool(secret, now + 30_000), now)).toBe(step + 1);
    expect(matchingStep(secret, oathtool(secret, now - 60_000), now)).toBeNull();
    expect(matchingStep(secret, oathtool(secret, now + 60_000), now)).toBeNull();
    expect(matchingStep(secret, '12345', now)).toBeNull();
    expect(matchingStep(secret, 'abcdef', now)).toBeNull();
  });

  it('round-trips base32 and refuses other characters', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 7]);
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    expect(base32Decode('mzxw6ytboi======')).toEqual(Buffer.from('foobar'));
    expect(() => base32Decode('abc1')).toThrow(/not base32/);
  });

  it('writes an otpauth URL that names issuer, account and parameters', () => {
    const url = new URL(otpauthUrl('Deskside', 'alice', 'ABCDEFGH'));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/Deskside:alice');
    expect(Object.fromEntries(url.searchParams)).toEqual({ secret: 'ABCDEFGH', issuer: 'Deskside', algorithm: 'SHA1', digits: '6', period: '30' });
  });

  it('makes ten distinct recovery codes, recognised however they are typed', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    const typed = codes[0]!.toUpperCase().replace(/-/g, ' ');
    expect(looksLikeRecoveryCode(typed)).toBe(true);
    expect(hashRecoveryCode(typed)).toBe(hashRecoveryCode(codes[0]!));
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });
});

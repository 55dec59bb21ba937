import { describe, expect, it } from 'vitest';
import { inVersionRange, parseVersionRange, versionKey } from './versionRange.js';

const sorted = (versions: string[]) => [...versions].sort((a, b) => (versionKey(a)! < versionKey(b)! ? -1 : versionKey(a)! > versionKey(b)! ? 1 : 0));

describe('versionKey', () => {
  it('orders versions as people read them', () => {
    expect(sorted(['3.0.13', '3.0.2', '10.0', '3.1.0', '1.1.1k', '1.1.1', '1.1.10', '2:1.0', '0.9.8zh'])).toEqual([
      '0.9.8zh', '2:1.0', '1.1.1', '1.1.1k', '1.1.10', '3.0.2', '3.0.13', '3.1.0', '10.0',
    ]);
    expect(versionKey('2.34-0ubuntu3.2')).toBe(versionKey('2.34.0ubuntu3.2'));
    expect(versionKey('007')).toBe(versionKey('7'));
    expect(versionKey(null)).toBeNull();
    expect(versionKey('---')).toBeNull();
  });
});

describe('parseVersionRange', () => {
  const matches = (range: string, versions: string[]) => {
    const r = parseVersionRange(range);
    if ('error' in r) throw new Error(r.error);
    return versions.filter((v) => inVersionRange(v, r));
  };
  const fleet = ['1.1.1', '1.1.1w', '3.0.2', '3.0.13', '3.1.0', '3.10.1', '30.0'];

  it('reads a series, a prefix and comparisons', () => {
    expect(matches('3.0.x', fleet)).toEqual(['3.0.2', '3.0.13']);
    expect(matches('3.0.*', fleet)).toEqual(['3.0.2', '3.0.13']);
    expect(matches('3.0.', fleet)).toEqual(['3.0.2', '3.0.13']);
    expect(matches('3.x', fleet)).toEqual(['3.0.2', '3.0.13', '3.1.0', '3.10.1']);
    expect(matches('>=3.0 <3.1', fleet)).toEqual(['3.0.2', '3.0.13']);
    expect(matches('>=3.0, <3.1', fleet)).toEqual(['3.0.2', '3.0.13']);
    expect(matches('<1.1.1w', fleet)).toEqual(['1.1.1']);
    expect(matches('>3.1.0', fleet)).toEqual(['3.10.1', '30.0']);
    expect(matches('<=3.1.0', fleet)).toEqual(['1.1.1', '1.1.1w', '3.0.2', '3.0.13', '3.1.0']);
    expect(matches('=3.0.13', fleet)).toEqual(['3.0.13']);
    expect(matches('> 3.0.13', fleet)).toEqual(['3.1.0', '3.10.1', '30.0']);
  });

  it('names what it cannot read', () => {
    expect(parseVersionRange('')).toEqual({ error: 'expected a version, a series like 3.0.x, or comparisons like ">=3.0 <3.1"' });
    expect(parseVersionRange('>=3.0 >=3.1')).toEqual({ error: 'give at most one lower bound (>= or >)' });
    expect(parseVersionRange('<3 <4')).toEqual({ error: 'give at most one upper bound (<= or <)' });
    expect(parseVersionRange('=>3.0')).toEqual({ error: '"=>3.0" is not a comparison like ">=3.0" or "<3.1"' });
    expect(parseVersionRange('>=')).toMatchObject({ error: expect.stringContaining('not a comparison') });
    expect(parseVersionRange('3 0')).toMatchObject({ error: expect.stringContaining('not a version') });
  });
});

/**
 * Package versions compared as people read them ("3.0.13" after "3.0.2", "1.1.1k" after
 * "1.1.1"), through a key that sorts as text in either database: numbers padded to one width,
 * letters kept, parts joined by dots. A Debian epoch ("1:") is dropped; a pre-release
 * ("3.0.0-beta1") sorts after its release, as its longer key does.
 */
const PAD = 10;

export function versionKey(version: string | null | undefined): string | null {
  if (!version) return null;
  const parts = version
    .trim()
    .toLowerCase()
    .replace(/^\d+:/, '')
    .match(/\d+|[a-z]+/g);
  if (!parts) return null;
  return parts.map((p) => (/^\d/.test(p) ? p.replace(/^0+(?=\d)/, '').padStart(PAD, '0') : p)).join('.');
}

type Op = '>=' | '>' | '<=' | '<' | '=';

/** A range as key bounds: each side optional, inclusive or not; or a text prefix. */
export type VersionRange =
  | { kind: 'prefix'; prefix: string }
  | { kind: 'bounds'; lower?: { key: string; inclusive: boolean }; upper?: { key: string; inclusive: boolean } };

const COMPARISON = /^(>=|<=|>|<|=)\s*([0-9A-Za-z][0-9A-Za-z.+~:_-]*)$/;

/**
 * What `softwareVersion` says: "3.0." or "3.0.x" (that series), ">=3.0 <3.1", "<1.1.1w",
 * "=2.4.1"; comparisons are separated by a space or a comma. Returns an error message for
 * anything else.
 */
export function parseVersionRange(text: string): VersionRange | { error: string } {
  const s = text.trim();
  if (!s) return { error: 'expected a version, a series like 3.0.x, or comparisons like ">=3.0 <3.1"' };
  if (!/[<>=]/.test(s)) {
    // "3.0.x", "3.0.*", "3.0." and "3.0" all name the 3.0 series; a bare version is its prefix.
    const prefix = s.replace(/\.?[x*]$/i, '.').replace(/\*$/, '');
    if (/[\s*]/.test(prefix)) return { error: `"${s}" is not a version or a series (like 3.0.x)` };
    return { kind: 'prefix', prefix };
  }
  const range: Extract<VersionRange, { kind: 'bounds' }> = { kind: 'bounds' };
  for (const term of s.split(/[\s,]+(?=[<>=])/)) {
    const m = COMPARISON.exec(term.trim());
    const key = m && versionKey(m[2]);
    if (!m || !key) return { error: `"${term.trim()}" is not a comparison like ">=3.0" or "<3.1"` };
    const op = m[1] as Op;
    if (op === '=' ) {
      range.lower = { key, inclusive: true };
      range.upper = { key, inclusive: true };
    } else if (op[0] === '>') {
      if (range.lower) return { error: 'give at most one lower bound (>= or >)' };
      range.lower = { key, inclusive: op === '>=' };
    } else {
      if (range.upper) return { error: 'give at most one upper bound (<= or <)' };
      range.upper = { key, inclusive: op === '<=' };
    }
  }
  return range;
}

/** Whether a version falls in a range, for code that holds the versions (and tests the SQL). */
export function inVersionRange(version: string | null, range: VersionRange): boolean {
  if (range.kind === 'prefix') return (version ?? '').startsWith(range.prefix);
  const key = versionKey(version);
  if (key === null) return false;
  const { lower, upper } = range;
  if (lower && (lower.inclusive ? key < lower.key : key <= lower.key)) return false;
  if (upper && (upper.inclusive ? key > upper.key : key >= upper.key)) return false;
  return true;
}

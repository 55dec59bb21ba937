import { KEYS, TARGETS, type Key } from './keys.js';

export interface RunRecord {
  results: Record<string, number | null>;
  spreads: Record<string, [number, number]>;
  reasons: Record<string, string>;
  /** The date (YYYY-MM-DD) each key was last measured on. */
  measuredOn: Record<string, string>;
}

/** A spread wider than this share of its median is called out beside the figure. */
const WIDE_SPREAD = 0.2;
const BEGIN = '<!-- bench:runs:begin (written by npm run bench; not edited by hand) -->';
const END = '<!-- bench:runs:end -->';

const fmt = (n: number) => (Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-US') : String(n));

function verdict(key: Key, value: number): string {
  const t = TARGETS[key];
  if (!t) return '';
  const met = t.at === '≤' ? value <= t.value : value >= t.value;
  return met ? 'met' : '**missed**';
}

/** The table of the keys measured on `date`, from the record results.json keeps. */
export function runTable(date: string, machine: string, run: RunRecord): string {
  const rows = KEYS.filter((k) => run.measuredOn[k] === date).map((k) => {
    const v = run.results[k];
    const t = TARGETS[k];
    const target = t ? `${t.at} ${fmt(t.value)}` : '';
    if (v === null || v === undefined) return `| \`${k}\` | – | | ${target} | not measured: ${run.reasons[k] ?? 'unknown'} |`;
    const spread = run.spreads[`${k}.spread`];
    const wide = spread && v !== 0 && (spread[1] - spread[0]) / Math.abs(v) > WIDE_SPREAD;
    const spreadText = spread ? `${fmt(spread[0])}–${fmt(spread[1])}${wide ? ' (wide: over 20 % of the median)' : ''}` : 'one measurement';
    return `| \`${k}\` | ${fmt(v)} | ${spreadText} | ${target} | ${verdict(k, v)} |`;
  });
  return [`### Run of ${date}`, '', `Machine: ${machine}.`, '', '| key | median | lowest–highest round | target | |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

const machineOf = (section: string) => /^Machine: (.*)$/m.exec(section)?.[1] ?? '';
const dateOf = (section: string) => section.slice(11, 21);
const keyOf = (row: string) => /^\| `([^`]+)` \|/.exec(row)?.[1];

/**
 * A table of `date` with the rows of an earlier one of that date and machine kept where the
 * new run did not measure their key: a partial run (`npm run bench -- api`) from a checkout
 * without that day's results.json must not erase the day's other figures.
 */
function merged(table: string, earlier: string | undefined): string {
  if (!earlier) return table;
  const rows = (section: string) => section.split('\n').filter((line) => keyOf(line) !== undefined);
  const fresh = new Map(rows(table).map((r) => [keyOf(r)!, r]));
  for (const r of rows(earlier)) if (!fresh.has(keyOf(r)!)) fresh.set(keyOf(r)!, r);
  const order = (k: string) => (KEYS as readonly string[]).indexOf(k) + 1 || KEYS.length + 1;
  const lines = table.split('\n');
  const head = lines.filter((line) => keyOf(line) === undefined && line.trim() !== '');
  const body = [...fresh.entries()].sort((a, b) => order(a[0]) - order(b[0])).map(([, r]) => r);
  // The heading, a blank line, the machine, a blank line, then the table's header and rows.
  return [head[0], '', head[1], '', head[2], head[3], ...body, ''].join('\n');
}

/**
 * `readme` with the table of `date` put in, newest first. A run on the same date and machine
 * as an earlier table replaces that table's figures for the keys it measured and keeps the
 * rest; tables of other dates, or of another machine, are kept as they are.
 */
export function withRunTable(readme: string, date: string, table: string): string {
  let start = readme.indexOf(BEGIN);
  let end = readme.indexOf(END);
  if (start === -1 || end === -1 || end < start) {
    readme = `${readme.trimEnd()}\n\n## Results by run\n\n${BEGIN}\n${END}\n`;
    start = readme.indexOf(BEGIN);
    end = readme.indexOf(END);
  }
  const body = readme.slice(start + BEGIN.length, end);
  const sections = body
    .split(/^(?=### Run of )/m)
    .map((s) => s.trim())
    .filter((s) => s.startsWith('### Run of '));
  const same = (s: string) => dateOf(s) === date && machineOf(s) === machineOf(table);
  const kept = sections.filter((s) => !same(s));
  const all = [merged(table.trim(), sections.find(same)).trim(), ...kept].sort((a, b) => dateOf(b).localeCompare(dateOf(a)));
  return `${readme.slice(0, start)}${BEGIN}\n\n${all.join('\n\n')}\n\n${readme.slice(end)}`;
}

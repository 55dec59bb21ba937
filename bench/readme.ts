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

/**
 * `readme` with the table of `date` put in (replacing that date's, if a run already wrote one
 * today), newest first; tables of other dates are kept as they are.
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
    .filter((s) => s.startsWith('### Run of ') && !s.startsWith(`### Run of ${date}`));
  const all = [table.trim(), ...sections].sort((a, b) => b.slice(11, 21).localeCompare(a.slice(11, 21)));
  return `${readme.slice(0, start)}${BEGIN}\n\n${all.join('\n\n')}\n\n${readme.slice(end)}`;
}

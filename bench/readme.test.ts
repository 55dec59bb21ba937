import { describe, expect, it } from 'vitest';
import { KEYS } from './keys.js';
import { runTable, withRunTable, type RunRecord } from './readme.js';

const run = (date: string): RunRecord => ({
  results: { 'cli.startMs': 129, 'agent.idleRssMb': 62.3, 'relay.cli.keystrokeP99Ms': 5.2, 'faq.top3HitRate': 1, 'relay.ssh.MBps': null, 'api.ticketListRps': 1499 },
  spreads: { 'cli.startMs.spread': [122, 145], 'relay.cli.keystrokeP99Ms.spread': [3.4, 7.4] },
  reasons: { 'relay.ssh.MBps': 'no sshd here' },
  measuredOn: { 'cli.startMs': date, 'agent.idleRssMb': date, 'relay.cli.keystrokeP99Ms': date, 'faq.top3HitRate': '2026-11-30', 'relay.ssh.MBps': date, 'api.ticketListRps': date },
});

describe('the results tables in bench/README.md', () => {
  it('lists the keys measured that day with target, verdict and a wide spread called out', () => {
    const table = runTable('2026-12-03', '2 × cpu', run('2026-12-03'));
    expect(table).toContain('### Run of 2026-12-03');
    expect(table).toContain('| `cli.startMs` | 129 | 122–145 | ≤ 100 | **missed** |');
    expect(table).toContain('| `relay.cli.keystrokeP99Ms` | 5.2 | 3.4–7.4 (wide: over 20 % of the median) | ≤ 2 | **missed** |');
    expect(table).toContain('| `agent.idleRssMb` | 62.3 | one measurement | ≤ 40 | **missed** |');
    expect(table).toContain('| `api.ticketListRps` | 1,499 | one measurement | ≥ 1,000 | met |');
    expect(table).toContain('not measured: no sshd here');
    // Measured another day: that day's table has it, not this one.
    expect(table).not.toContain('faq.top3HitRate');
  });

  it('keeps one table per date and machine, newest first, other dates untouched', () => {
    const readme = '# Benchmarks\n\nWords written by people.\n';
    const first = withRunTable(readme, '2026-12-01', runTable('2026-12-01', 'm', run('2026-12-01')));
    const second = withRunTable(first, '2026-12-03', runTable('2026-12-03', 'm', run('2026-12-03')));
    const again = withRunTable(second, '2026-12-03', runTable('2026-12-03', 'm', run('2026-12-03')));
    expect(again).toBe(second);
    expect(again.startsWith(readme.trimEnd())).toBe(true);
    expect(again.match(/### Run of /g)).toHaveLength(2);
    expect(again.indexOf('### Run of 2026-12-03')).toBeLessThan(again.indexOf('### Run of 2026-12-01'));
    // Another machine the same day: a table of its own beside the first.
    const other = withRunTable(again, '2026-12-03', runTable('2026-12-03', 'm2', run('2026-12-03')));
    expect(other.match(/### Run of 2026-12-03/g)).toHaveLength(2);
    expect(other).toContain('Machine: m2.');
    expect(other.match(/Machine: m\./g)).toHaveLength(2);
  });

  it('keeps the figures of keys a later partial run of the same day and machine did not measure', () => {
    const full = withRunTable('# Benchmarks\n', '2026-12-03', runTable('2026-12-03', 'm', run('2026-12-03')));
    // `npm run bench -- cli` from a checkout without that day's results.json.
    const partial: RunRecord = { results: { 'cli.startMs': 99 }, spreads: {}, reasons: {}, measuredOn: { 'cli.startMs': '2026-12-03' } };
    const after = withRunTable(full, '2026-12-03', runTable('2026-12-03', 'm', partial));
    expect(after.match(/### Run of /g)).toHaveLength(1);
    expect(after).toContain('| `cli.startMs` | 99 | one measurement | ≤ 100 | met |');
    expect(after).not.toContain('| `cli.startMs` | 129 |');
    expect(after).toContain('| `agent.idleRssMb` | 62.3 | one measurement | ≤ 40 | **missed** |');
    expect(after).toContain('| `api.ticketListRps` | 1,499 | one measurement | ≥ 1,000 | met |');
    expect(after).toContain('not measured: no sshd here');
    // Rows stay in the order of the keys, whichever run wrote them.
    const listed = KEYS.filter((k) => after.includes(`| \`${k}\` |`));
    const positions = listed.map((k) => after.indexOf(`| \`${k}\` |`));
    expect(listed).toHaveLength(5);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
  });
});

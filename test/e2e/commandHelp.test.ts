import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };

const ROOT = path.resolve(import.meta.dirname, '../..');
/** What npm installs as commands: package.json's bin entries, as users run them. */
const PROGRAMS = Object.fromEntries(Object.entries(pkg.bin).map(([name, file]) => [name, path.join(ROOT, file)]));

function run(main: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [main, ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** The commands a program's own --help lists: the words after its name up to the first argument. */
function listedCommands(program: string, help: string): string[][] {
  return help
    .split('\n')
    .filter((line) => line.startsWith(`  ${program} `))
    .map((line) => line.slice(program.length + 3).split(' ').filter((w) => /^[a-z][a-z-]*$/.test(w)))
    .map((words, i, all) => words.slice(0, all.some((o, j) => j !== i && o[0] === words[0]) && words[1] ? 2 : 1));
}

describe('every command says how to use it', () => {
  for (const [program, main] of Object.entries(PROGRAMS)) {
    it(`${program}: each listed command answers --help with its own usage`, async () => {
      const top = await run(main, ['--help']);
      expect(top.code).toBe(0);
      const commands = listedCommands(program, top.stdout);
      expect(commands.length).toBeGreaterThanOrEqual(3);
      for (const words of commands) {
        const r = await run(main, [...words, '--help']);
        expect({ command: words.join(' '), code: r.code, stderr: r.stderr }).toEqual({ command: words.join(' '), code: 0, stderr: '' });
        expect(r.stdout).toMatch(new RegExp(`^Usage:\\n  ${program} ${words.join(' ')}`));
      }
    });
  }

  it('refuses --help on a command that does not exist, in one line', async () => {
    for (const main of Object.values(PROGRAMS)) {
      const r = await run(main, ['frobnicate', '--help']);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('output into a pipe that closes early', () => {
  it('deskside-agent inventory | head exits quietly', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${PROGRAMS['deskside-agent']}" inventory | head -c 20 >/dev/null; echo "status=\${PIPESTATUS[0]}" >&2`], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr.trim()).toBe('status=0');
  });
});

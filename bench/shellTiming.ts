/**
 * The measurements every shell path shares: a shell is anything that takes typed bytes and hands
 * back its output (a local pty, a technician socket, a client program under a pty).
 */
export interface Shell {
  write(s: string): void;
  onData(fn: (d: Buffer) => void): void;
  close(): void;
}

export const MARK = 'BENCH-DONE';

/**
 * `text` as the shell reads it but not as the terminal echoes it: `ab""cd` prints abcd, so
 * waiting for abcd waits for the command's output, never for the echo of what was typed.
 */
export const quoteSplit = (text: string) => `${text.slice(0, 2)}""${text.slice(2)}`;

export type Watched = ReturnType<typeof watch>;

/** Waits for `text` in the output that follows. */
export function expect(state: Watched, text: string | RegExp): Promise<void> {
  return new Promise((resolve) => {
    state.waiters.push({ text, resolve });
    state.check();
  });
}

/** Counts a shell's output and keeps its last bytes, to find what expect() waits for. */
export function watch(shell: Shell) {
  const state = {
    tail: '',
    bytes: 0,
    waiters: [] as { text: string | RegExp; resolve(): void }[],
    check() {
      for (const w of [...state.waiters]) {
        if (typeof w.text === 'string' ? state.tail.includes(w.text) : w.text.test(state.tail)) {
          state.waiters.splice(state.waiters.indexOf(w), 1);
          state.tail = '';
          w.resolve();
        }
      }
    },
  };
  shell.onData((d) => {
    state.bytes += d.length;
    state.tail = (state.tail + d.subarray(-256).toString('latin1')).slice(-256);
    state.check();
  });
  return state;
}

/** MB/s of `bytes` of output printed by the shell, echo off. */
export async function throughput(shell: Shell, bytes: number, state = watch(shell)): Promise<number> {
  shell.write('stty -echo\r');
  await new Promise((r) => setTimeout(r, 300));
  const done = expect(state, MARK);
  const started = process.hrtime.bigint();
  state.bytes = 0;
  shell.write(`head -c ${bytes} /dev/zero | tr '\\0' x; echo; echo ${quoteSplit(MARK)}\r`);
  await done;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // Echo back on, for whatever is measured next in the same shell.
  shell.write('stty echo\r');
  await new Promise((r) => setTimeout(r, 100));
  return state.bytes / seconds / 1e6;
}

/** One byte typed → its echo read, `n` times (ms each). */
export async function keystrokes(shell: Shell, n: number, state = watch(shell)): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const ch = String.fromCharCode(97 + (i % 26));
    state.tail = ''; // a letter in an earlier prompt is not this key's echo
    const got = expect(state, ch);
    const t = process.hrtime.bigint();
    shell.write(ch);
    await got;
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (i % 50 === 49) shell.write('\u0015'); // Ctrl-U keeps the line short
  }
  shell.write('\u0015');
  return times;
}

/** `echo` + Enter until the output (not the echo) is read, `n` times (ms each). */
export async function commandRoundTrips(shell: Shell, n: number, state = watch(shell)): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const token = `rt${i}z`;
    state.tail = '';
    const got = expect(state, token);
    const t = process.hrtime.bigint();
    shell.write(`echo ${quoteSplit(token)}\r`);
    await got;
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times;
}

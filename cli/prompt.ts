/**
 * Reads answers at prompts: a password, then the two-factor code where the account has one. On
 * a terminal each is typed in raw mode (restored whatever happens), the password without echo;
 * from a pipe, one line per answer, so scripts can sign in too.
 */
/** Lines of a piped standard input, handed out one per prompt: a chunk may hold several answers. */
class PipedLines {
  private readonly lines: string[] = [];
  private partial = '';
  private ended = false;
  private waiting: ((line: string | null) => void) | null = null;

  constructor(private readonly input: NodeJS.ReadStream) {
    input.on('data', (chunk: Buffer) => {
      this.partial += chunk.toString('utf8');
      let nl: number;
      while ((nl = this.partial.indexOf('\n')) >= 0) {
        this.lines.push(this.partial.slice(0, nl).replace(/\r$/, ''));
        this.partial = this.partial.slice(nl + 1);
      }
      this.deliver();
    });
    input.once('end', () => {
      if (this.partial) this.lines.push(this.partial.replace(/\r$/, ''));
      this.ended = true;
      this.deliver();
    });
  }

  next(): Promise<string | null> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.input.resume();
      this.deliver();
    });
  }

  private deliver(): void {
    if (!this.waiting || (this.lines.length === 0 && !this.ended)) return;
    const resolve = this.waiting;
    this.waiting = null;
    // Paused between prompts, so the process can exit once it has what it needs.
    this.input.pause();
    resolve(this.lines.shift() ?? null);
  }
}

let piped: PipedLines | null = null;

function typed(prompt: string, echo: boolean): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    // Echo goes off before the prompt shows: whatever is typed once it is visible stays hidden.
    stdin.setRawMode(true);
    process.stderr.write(prompt);
    let value = '';
    stdin.resume();
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') {
          if (echo && value) process.stderr.write('\b \b');
          value = value.slice(0, -1);
        } else if (ch >= ' ') {
          value += ch;
          if (echo) process.stderr.write(ch);
        }
      }
    };
    stdin.on('data', onData);
  });
}

async function answer(prompt: string, what: string, echo: boolean): Promise<string> {
  if (process.stdin.isTTY) return typed(prompt, echo);
  piped ??= new PipedLines(process.stdin);
  const line = await piped.next();
  if (line === null) throw new Error(`no ${what} given on standard input`);
  return line;
}

export const readPassword = (prompt: string): Promise<string> => answer(prompt, 'password', false);

/** A one-time code is shown on the phone anyway: it is echoed, so a typo can be seen. */
export const readCode = (prompt: string): Promise<string> => answer(prompt, 'two-factor code', true);

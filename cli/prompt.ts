/**
 * Reads a password. On a terminal it is typed without echo (raw mode, restored whatever
 * happens); from a pipe the first line is taken, so scripts can sign in too.
 */
export function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    return new Promise((resolve, reject) => {
      let data = '';
      const onData = (chunk: Buffer) => {
        data += chunk.toString('utf8');
        const nl = data.indexOf('\n');
        if (nl >= 0) finish(data.slice(0, nl));
      };
      const finish = (line: string) => {
        stdin.off('data', onData);
        stdin.pause();
        resolve(line.replace(/\r$/, ''));
      };
      stdin.on('data', onData);
      stdin.once('end', () => (data ? finish(data) : reject(new Error('no password given on standard input'))));
    });
  }
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    let value = '';
    stdin.setRawMode(true);
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
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

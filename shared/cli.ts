import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command-line mistake: printed as one line, exit status 2. */
export class UsageError extends Error {}

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O, positionals = 0) {
  try {
    const result = parseArgs({ args, options, allowPositionals: positionals > 0, strict: true });
    if (result.positionals.length > positionals) throw new UsageError(`unexpected argument "${result.positionals[positionals]}"`);
    return result;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
}

/** Whether a command's arguments ask for its help. */
export function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

/**
 * The part of a program's usage text about one command (or a group, e.g. "user"): each usage
 * line that starts with `prefix`, with the indented explanation below it. Undefined when the
 * text has no such command.
 */
export function usageOf(help: string, prefix: string): string | undefined {
  const taken: string[] = [];
  let taking = false;
  for (const line of help.split('\n')) {
    if (/^ {2}\S/.test(line)) {
      const rest = line.slice(2);
      taking = rest === prefix || rest.startsWith(`${prefix} `);
    } else if (!/^ {4,}\S/.test(line)) taking = false;
    if (taking) taken.push(line);
  }
  return taken.length > 0 ? `Usage:\n${taken.join('\n')}` : undefined;
}

/**
 * Runs a CLI entry point: usage errors print one line and exit 2, other failures one line and
 * exit 1. Never a stack trace for a mistake the user can fix.
 */
export function runCli(program: string, main: () => Promise<number | void>): void {
  // The reader went away (`deskside-agent inventory | head`): what is left to print has no one
  // to read it, which is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  main().then(
    (code) => {
      if (typeof code === 'number') process.exitCode = code;
    },
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`${program}: ${message}${err instanceof UsageError ? ` (see ${program} --help)` : ''}\n`);
      process.exitCode = err instanceof UsageError ? 2 : 1;
    },
  );
}

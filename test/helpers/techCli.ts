import { execFile } from 'node:child_process';
import path from 'node:path';

/** The built technician CLI (`deskside`), as its bin entry runs it. */
export const CLI_MAIN = path.resolve(import.meta.dirname, '../../dist/deskside/main.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `deskside` with this environment, its standard input given whole (a pipe), as a script would. */
export function runTechCli(env: NodeJS.ProcessEnv, args: string[], input = '', timeoutMs = 30_000): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI_MAIN, ...args], { env, timeout: timeoutMs }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(input);
  });
}

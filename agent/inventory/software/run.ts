import { execFile } from 'node:child_process';

/**
 * Output of a system tool, or null when the tool is missing or fails: a machine without rpm
 * (or dpkg) is normal, not an error.
 */
export function runTool(command: string, args: string[], timeoutMs = 15_000): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (err, stdout) => {
      resolve(err ? null : stdout);
    });
  });
}

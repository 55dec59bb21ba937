import { spawn } from 'node:child_process';
import type { Logger } from 'pino';

/**
 * A desktop notification where the platform offers one from the command line: `notify-send` on
 * Linux desktops, `osascript` on macOS, `msg` to the console session on Windows (a service has
 * no desktop of its own to show a toast on). Best effort: without a desktop (a server, a service
 * with no session bus) the Get-help page is where the person sees requests and replies.
 * Arguments go to the program as a list, never through a shell.
 */
export function desktopNotify(title: string, body: string, logger: Logger, urgency: 'normal' | 'critical' = 'critical'): void {
  let command: [string, string[]] | null = null;
  if (process.platform === 'linux' && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
    command = ['notify-send', ['--app-name=Deskside', `--urgency=${urgency}`, '--', title, body]];
  } else if (process.platform === 'darwin') {
    const quote = (s: string) => JSON.stringify(s);
    command = ['osascript', ['-e', `display notification ${quote(body)} with title ${quote(title)}`]];
  } else if (process.platform === 'win32') {
    command = ['msg', ['console', '/TIME:120', `${title}\n\n${body}`]];
  }
  if (!command) return;
  try {
    const child = spawn(command[0], command[1], { stdio: 'ignore', timeout: 10_000 });
    child.on('error', (err) => logger.debug({ err: err.message }, 'desktop notification unavailable'));
    child.unref();
  } catch (err) {
    logger.debug({ err: (err as Error).message }, 'desktop notification unavailable');
  }
}

import { spawn } from 'node:child_process';
import type { Logger } from 'pino';

/**
 * A desktop notification where the platform offers one from the command line: `notify-send` on
 * Linux desktops, `osascript` on macOS. Best effort: without a desktop (a server, a service with
 * no session bus) the Get-help page is where the person sees requests.
 */
export function desktopNotify(title: string, body: string, logger: Logger): void {
  let command: [string, string[]] | null = null;
  if (process.platform === 'linux' && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
    command = ['notify-send', ['--app-name=Deskside', '--urgency=critical', title, body]];
  } else if (process.platform === 'darwin') {
    const quote = (s: string) => JSON.stringify(s);
    command = ['osascript', ['-e', `display notification ${quote(body)} with title ${quote(title)}`]];
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

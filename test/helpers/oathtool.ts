import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * TOTP codes from an independent implementation, Debian's oathtool, as an authenticator app
 * would show them `offsetSteps` time steps from now.
 */
export function oathtool(secret: string, offsetSteps = 0, atMs = Date.now()): string {
  const when = new Date(atMs + offsetSteps * 30_000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return execFileSync('oathtool', ['--totp', '--base32', `--now=${when}`, secret], { encoding: 'utf8' }).trim();
}

/**
 * Waits, when the current 30-second step ends within `marginSeconds`, for the next one to begin,
 * so that codes computed now still name the same steps when the server checks them.
 */
export async function awayFromStepEdge(marginSeconds = 5): Promise<void> {
  const intoStep = (Date.now() / 1000) % 30;
  if (intoStep > 30 - marginSeconds) await sleep((30 - intoStep) * 1000 + 300);
}

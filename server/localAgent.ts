import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createEnrollmentToken } from './commands/createEnrollmentToken.js';
import type { Logger } from './logger.js';
import { AGENT_MAIN } from './paths.js';
import type { Store } from './storage/types.js';

function runToEnd(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

/** The device id in an agent home's credential file, if the file is there and readable. */
function enrolledDeviceId(home: string): string | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(home, 'credential.json'), 'utf8')) as { deviceId?: unknown };
    return typeof parsed.deviceId === 'string' ? parsed.deviceId : undefined;
  } catch {
    return undefined;
  }
}

export interface LocalAgent {
  deviceId: string;
  enrolledNow: boolean;
  stop(): Promise<void>;
}

/**
 * The agent of the server's own machine, so a newcomer sees one workstation at once. It is a
 * real agent process: it enrolls with a one-use token on first start, then runs.
 */
export async function startLocalAgent(options: { serverUrl: string; dataDir: string; store: Store; logger: Logger }): Promise<LocalAgent> {
  const home = path.join(options.dataDir, 'agent');
  const env = { ...process.env, DESKSIDE_AGENT_HOME: home };
  const existing = enrolledDeviceId(home);
  const known = existing ? await options.store.devices.findById(existing) : undefined;
  let deviceId = known && !known.revokedAt ? known.id : undefined;
  const enrolledNow = deviceId === undefined;
  if (deviceId === undefined) {
    // No credential, or one this server's store does not know (a new data folder): enroll afresh.
    const { token } = await createEnrollmentToken(options.store, { expires: '10m', uses: 1 }, null);
    const enroll = spawn(process.execPath, [AGENT_MAIN, 'enroll', '--server', options.serverUrl, '--token', token, '--force'], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if ((await runToEnd(enroll)) !== 0) throw new Error('the local agent could not enroll (see its message above)');
    deviceId = enrolledDeviceId(home);
    if (!deviceId) throw new Error('the local agent enrolled but left no credential');
  }
  const id = deviceId;
  const child = spawn(process.execPath, [AGENT_MAIN, 'run'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  let stopping = false;
  const exited = runToEnd(child);
  void exited.then((code) => {
    if (!stopping) options.logger.warn({ code }, 'local agent exited');
  });
  return {
    deviceId: id,
    enrolledNow,
    async stop() {
      stopping = true;
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

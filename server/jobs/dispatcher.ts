import type { Logger } from '../logger.js';
import type { AgentHub } from '../relay/agentHub.js';
import type { Store } from '../storage/types.js';

/** How often a node looks for runs to start or stop on the agents connected to it. */
const LOOK_MS = 1_000;
/** A run is lost when no result came this long after its timeout (the agent's own kill included). */
const LOST_AFTER_TIMEOUT_MS = 60_000;
/** How often a node looks for lost runs: a minute late changes nothing, every second is a scan. */
const LOST_LOOK_MS = 30_000;

/**
 * Starts queued runs on the agents connected to this node, within each job's concurrency, and
 * passes cancels on. Each node does this for its own agents only and claims a run with a
 * conditional update, so in a cluster a run starts once, wherever its PC is connected; a PC that
 * comes back online is found at the next look.
 */
export function startDispatcher(o: { store: Store; hub: Pick<AgentHub, 'connection'>; nodeId: string; logger: Logger }): { stop(): Promise<void> } {
  const logger = o.logger.child({ component: 'jobs' });
  let running: Promise<void> | undefined;
  let lastLostLook = 0;
  const look = async () => {
    if (Date.now() - lastLostLook >= LOST_LOOK_MS) {
      lastLostLook = Date.now();
      await o.store.jobs.expire(lastLostLook, LOST_AFTER_TIMEOUT_MS);
    }
    for (const c of await o.store.jobs.cancelling()) o.hub.connection(c.deviceId)?.send({ type: 'script.cancel', runId: c.runId });
    const scripts = new Map<number, Awaited<ReturnType<Store['jobs']['script']>>>();
    for (const run of await o.store.jobs.claimable((deviceId) => o.hub.connection(deviceId) !== undefined)) {
      const conn = o.hub.connection(run.deviceId);
      if (!conn) continue;
      if (!scripts.has(run.jobId)) scripts.set(run.jobId, await o.store.jobs.script(run.jobId));
      const script = scripts.get(run.jobId);
      if (!script || !(await o.store.jobs.claim(run.runId, o.nodeId, new Date().toISOString()))) continue;
      conn.send({
        type: 'script.run',
        runId: run.runId,
        shell: script.shell,
        body: script.body,
        timeoutMs: script.timeoutSeconds * 1000,
        outputCapBytes: script.outputCap,
      });
      logger.info({ runId: run.runId, jobId: run.jobId, deviceId: run.deviceId }, 'script sent to the PC');
    }
  };
  const timer = setInterval(() => {
    running ??= look()
      .catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'could not start or stop script runs; trying again'))
      .finally(() => (running = undefined));
  }, LOOK_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

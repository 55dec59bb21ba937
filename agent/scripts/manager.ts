import type { Logger } from 'pino';
import type { AgentMessage, MessageOf, ServerMessage } from '../../shared/protocol/messages.js';
import type { ShellUser } from '../shell/shellUser.js';
import { runScript } from './runner.js';

type Done = MessageOf<AgentMessage, 'script.done'>;

/** Scripts one PC runs at once; more wait their turn here, in the order they came. */
const AT_ONCE = 4;

/**
 * The scripts a server asks this PC to run. Each runs as the account a remote shell would, and
 * its result waits here while the agent is offline, to be sent after the next welcome.
 */
export class ScriptManager {
  private readonly running = new Map<string, () => void>();
  private readonly waiting: MessageOf<ServerMessage, 'script.run'>[] = [];
  private readonly unsent: Done[] = [];

  constructor(
    private readonly o: {
      /** False while offline. */
      send(m: Done): boolean;
      shellUser(): ShellUser | null;
      logger: Logger;
    },
  ) {}

  readonly handlers = {
    'script.run': (m: MessageOf<ServerMessage, 'script.run'>) => {
      if (this.running.has(m.runId) || this.waiting.some((w) => w.runId === m.runId)) return;
      this.waiting.push(m);
      this.next();
    },
    'script.cancel': (m: MessageOf<ServerMessage, 'script.cancel'>) => {
      const queued = this.waiting.findIndex((w) => w.runId === m.runId);
      if (queued >= 0) {
        this.waiting.splice(queued, 1);
        this.finish({ type: 'script.done', runId: m.runId, end: 'cancelled', exitCode: null, signal: null, output: '', droppedBytes: 0, durationMs: 0 });
      } else this.running.get(m.runId)?.();
    },
  };

  /** Connected again: results that finished while offline go now. */
  flush(): void {
    while (this.unsent.length > 0 && this.o.send(this.unsent[0]!)) this.unsent.shift();
  }

  private next(): void {
    while (this.running.size < AT_ONCE && this.waiting.length > 0) this.start(this.waiting.shift()!);
  }

  private start(m: MessageOf<ServerMessage, 'script.run'>): void {
    let user: ShellUser | null = null;
    try {
      user = this.o.shellUser();
    } catch (err) {
      this.finish({ type: 'script.done', runId: m.runId, end: 'unavailable', exitCode: null, signal: null, output: '', droppedBytes: 0, durationMs: 0, error: (err as Error).message.slice(0, 500) });
      return;
    }
    this.o.logger.info({ runId: m.runId, shell: m.shell, user: user?.name }, 'running a script for the server');
    const run = runScript({ shell: m.shell, body: m.body, timeoutMs: m.timeoutMs, outputCapBytes: m.outputCapBytes, ...(user ? { user } : {}) });
    this.running.set(m.runId, run.cancel);
    void run.result.then((r) => {
      this.running.delete(m.runId);
      this.o.logger.info({ runId: m.runId, end: r.end, exitCode: r.exitCode, durationMs: r.durationMs }, 'script finished');
      this.finish({
        type: 'script.done',
        runId: m.runId,
        end: r.end,
        exitCode: r.exitCode,
        signal: r.signal,
        output: r.output.toString('utf8'),
        droppedBytes: r.droppedBytes,
        durationMs: r.durationMs,
        ...(r.error ? { error: r.error.slice(0, 500) } : {}),
      });
      this.next();
    });
  }

  private finish(done: Done): void {
    if (this.unsent.length > 0 || !this.o.send(done)) this.unsent.push(done);
  }

  /** The agent stops: what runs is ended (its tree killed). */
  stop(): void {
    this.waiting.length = 0;
    for (const cancel of this.running.values()) cancel();
  }
}

import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { describeZodError } from '../../shared/protocol/codec.js';
import type { AgentMessage, MessageOf, ServerMessage } from '../../shared/protocol/messages.js';
import { ScriptDone } from '../../shared/protocol/scripts.js';
import { writeJsonAtomic } from '../home.js';
import type { ShellUser } from '../shell/shellUser.js';
import { runScript } from './runner.js';

type Done = MessageOf<AgentMessage, 'script.done'>;

/** Scripts one PC runs at once; more wait their turn here, in the order they came. */
const AT_ONCE = 4;

/**
 * The scripts a server asks this PC to run. Each runs as the account a remote shell would; a
 * result that cannot be sent (the agent is offline) is kept on disk, one file per run written
 * whole, and sent after the next welcome, also after a restart of the agent.
 */
export class ScriptManager {
  private readonly running = new Map<string, () => void>();
  private readonly waiting: MessageOf<ServerMessage, 'script.run'>[] = [];
  constructor(
    private readonly o: {
      /** False while offline. */
      send(m: Done): boolean;
      shellUser(): ShellUser | null;
      logger: Logger;
      /** Where results wait while offline (in the agent home). */
      dir: string;
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

  /** Connected again: results that finished while offline go now, oldest first. */
  flush(): void {
    for (const file of this.waitingFiles()) {
      const full = path.join(this.o.dir, file);
      let done: Done;
      try {
        const parsed = ScriptDone.safeParse(JSON.parse(fs.readFileSync(full, 'utf8')));
        if (!parsed.success || `${parsed.data.runId}.json` !== file) {
          this.o.logger.warn({ file: full, reason: parsed.success ? 'file name does not match its run' : describeZodError(parsed.error) }, 'a kept script result cannot be read; it is dropped');
          fs.rmSync(full, { force: true });
          continue;
        }
        done = parsed.data as Done;
      } catch (err) {
        this.o.logger.warn({ file: full, reason: err instanceof SyntaxError ? 'not valid JSON' : (err as Error).message }, 'a kept script result cannot be read; it is dropped');
        fs.rmSync(full, { force: true });
        continue;
      }
      if (!this.o.send(done)) return;
      fs.rmSync(full, { force: true });
    }
  }

  private waitingFiles(): string[] {
    try {
      const files = fs.readdirSync(this.o.dir).filter((f) => f.endsWith('.json'));
      const at = (f: string) => fs.statSync(path.join(this.o.dir, f)).mtimeMs;
      return files.sort((a, b) => at(a) - at(b));
    } catch {
      return [];
    }
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
    // Results keep their order: while older ones wait on disk, this one waits behind them.
    if (this.waitingFiles().length === 0 && this.o.send(done)) return;
    try {
      writeJsonAtomic(path.join(this.o.dir, `${done.runId}.json`), done);
    } catch (err) {
      this.o.logger.error({ err: (err as Error).message, runId: done.runId }, 'a script result could not be kept for later; the server will mark the run lost');
    }
  }

  /** The agent stops: what runs is ended (its tree killed). */
  stop(): void {
    this.waiting.length = 0;
    for (const cancel of this.running.values()) cancel();
  }
}

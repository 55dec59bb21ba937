/** Lets sockets and timers run before the next piece of a long piece of work. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Items added during one turn of the event loop, handed to `handle` together: what arrives in a
 * burst (a fleet reconnecting, reports after a software rollout) costs a few statements instead
 * of a commit each. Batches are handled one after another, so a later item is never overtaken
 * by an earlier one. `handle` settles its items itself (their callers wait on them) and must not
 * throw: a failure belongs to the items, not to the batches after them.
 */
export class TurnBatch<T> {
  private pending: T[] = [];
  private scheduled = false;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly handle: (items: T[]) => Promise<void>) {}

  add(item: T): void {
    this.pending.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.chain = this.chain.then(() => {
        const items = this.pending;
        this.pending = [];
        this.scheduled = false;
        return this.handle(items);
      });
    });
  }

  /** Resolves when everything added so far is handled. */
  async drain(): Promise<void> {
    while (this.scheduled) await yieldToEventLoop();
    await this.chain;
  }
}

import type { TicketActivity, TicketChange } from '../../shared/api/live.js';
import { LiveEnvelope, parseBusMessage } from '../../shared/protocol/cluster.js';
import type { ClusterBus } from '../cluster/bus.js';
import type { Logger } from '../logger.js';
import type { NewNotice, Store, Ticket } from '../storage/types.js';

type Listener = (activity: TicketActivity) => void;
/** A change committed on this node, with the ticket as it stands after it. */
type LocalListener = (notice: NewNotice, ticket: Ticket) => void;

const CHANGE_OF: Record<NewNotice['kind'], TicketChange> = {
  created: 'created',
  comment: 'comment',
  attachment: 'attachment',
  status: 'status',
  assigned: 'assigned',
  priority: 'priority',
  sla_risk: 'sla_risk',
  sla_breach: 'sla_breach',
};

/**
 * Ticket activity as it happens, for consoles and PCs. It follows the store's notices — the
 * events email is made of, announced once committed — so every way a ticket changes (console,
 * agent, email, the SLA clock, the CLI's server) is heard, and a rolled-back change is not.
 * In a cluster the node where a change landed tells the others over NATS.
 */
export class LiveFeed {
  private readonly listeners = new Set<Listener>();
  private readonly local = new Set<LocalListener>();
  private bus: ClusterBus | undefined;
  private stopBus: (() => void) | undefined;
  /** Notices are turned into activity one at a time, so listeners hear them in commit order. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly nodeId: string,
    private readonly logger: Logger,
  ) {
    store.onNotices((notices) => {
      this.chain = this.chain.then(() => this.announce(notices));
    });
  }

  /** Hears every change, this node's and (in a cluster) the others'; returns the way to stop. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Hears only the changes committed on this node, with the ticket read once for everyone
   * (metrics count each change once across a cluster, where it happened).
   */
  onLocal(listener: LocalListener): void {
    this.local.add(listener);
  }

  /** Cluster mode: changes on this node go to the others, and theirs come here. */
  join(bus: ClusterBus): void {
    this.bus = bus;
    const sub = bus.subscribe(bus.subjects.live, (data) => {
      const envelope = parseBusMessage(LiveEnvelope, data);
      if (!envelope) return this.logger.debug('dropped a malformed live message from the bus');
      if (envelope.origin !== this.nodeId) this.deliver(envelope.activity);
    });
    this.stopBus = () => sub.stop();
  }

  /** Waits until every committed change so far was delivered (for an orderly stop). */
  settled(): Promise<void> {
    return this.chain;
  }

  stop(): void {
    this.stopBus?.();
    this.listeners.clear();
    this.local.clear();
  }

  private async announce(notices: NewNotice[]): Promise<void> {
    for (const notice of notices) {
      try {
        const ticket = await this.store.tickets.findById(notice.ticketId);
        if (!ticket) continue;
        const activity: TicketActivity = {
          ticketId: ticket.id,
          change: CHANGE_OF[notice.kind],
          at: notice.createdAt,
          actorId: notice.actorId,
          requesterId: ticket.requesterId,
          assigneeId: ticket.assigneeId,
          status: ticket.status,
          deviceId: ticket.deviceId,
          internal: notice.data.internal === true,
          version: ticket.updatedAt,
        };
        for (const listener of this.local) {
          try {
            listener(notice, ticket);
          } catch (err) {
            this.logger.warn({ err: (err as Error).message }, 'a listener of local ticket changes failed');
          }
        }
        this.deliver(activity);
        this.bus?.publish(this.bus.subjects.live, JSON.stringify({ origin: this.nodeId, activity } satisfies LiveEnvelope));
      } catch (err) {
        // Live updates are a convenience over the API: a missed one costs a refresh, not data.
        this.logger.warn({ err: (err as Error).message, ticketId: notice.ticketId }, 'could not announce a ticket change');
      }
    }
  }

  private deliver(activity: TicketActivity): void {
    for (const listener of this.listeners) {
      try {
        listener(activity);
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'a live listener failed');
      }
    }
  }
}

import { hasRole } from '../../../shared/roles.js';
import { accessLost } from '../../auth/sessionUser.js';
import type { Logger } from '../../logger.js';
import type { Store } from '../../storage/types.js';
import type { RelaySession } from './session.js';

/**
 * How often open sessions' technicians are read back from the store. A change made through this
 * server ends their shells at once (TerminalRelay.revokeUser); one made elsewhere (the server
 * CLI, another node) is seen within this time.
 */
export const ACCESS_CHECK_MS = 5_000;

/**
 * Ends the sessions whose technician lost access since the session opened: deleted, disabled,
 * no longer a technician, or with a raised token version (new role or password). One query for
 * all open sessions' technicians per check.
 */
export class AccessWatch {
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly open: () => RelaySession[],
  ) {
    this.timer = setInterval(() => void this.check(), ACCESS_CHECK_MS);
    this.timer.unref();
  }

  async check(): Promise<void> {
    const open = this.open();
    if (open.length === 0) return;
    try {
      const access = await this.store.users.access([...new Set(open.map((s) => s.facts.technicianId))]);
      for (const s of open) {
        const a = access.get(s.facts.technicianId);
        const lost = accessLost(a, s.facts.technicianVersion) || !hasRole(a!.role, 'technician');
        if (lost) s.end('access_revoked', null);
      }
    } catch (err) {
      this.logger.error({ err }, 'could not check the access of open sessions');
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

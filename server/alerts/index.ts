import { mailDomain, type Config } from '../env.js';
import type { Logger } from '../logger.js';
import type { Store } from '../storage/types.js';
import { sweepAlerts } from './sweep.js';

/** Looks at the alert rules every `DESKSIDE_ALERT_SECONDS`, one look at a time; returns the way to stop. */
export function startAlerts(o: { store: Store; config: Config; logger: Logger; publicUrl: () => string }): { stop(): Promise<void> } {
  const logger = o.logger.child({ component: 'alerts' });
  const { config } = o;
  const mail = {
    enabled: !!config.smtpUrl && !!config.mailFrom,
    domain: mailDomain(config),
    deviceLink: (id: string) => `${o.publicUrl()}/console/#/devices/${id}`,
  };
  let running: Promise<unknown> | undefined;
  const look = () => {
    running ??= sweepAlerts(o.store, { logger, mail })
      .catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'alert rules could not be evaluated; trying again'))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(look, config.alertIntervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

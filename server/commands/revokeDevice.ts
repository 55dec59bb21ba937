import { CloseCode } from '../../shared/protocol/codes.js';
import type { AppDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { audit } from './audit.js';

/** Revokes a device: its credential stops working and its live socket, if any, is closed now. */
export async function revokeDevice(deps: Pick<AppDeps, 'store' | 'agents'>, id: string, actor: string): Promise<void> {
  const device = await deps.store.devices.findById(id);
  if (!device) throw notFound('device');
  await deps.store.transaction(async (repos) => {
    await repos.devices.revoke(id, new Date().toISOString());
    await audit(repos, actor, 'device.revoke', id, { hostname: device.hostname });
  });
  deps.agents.disconnect(id, CloseCode.revoked, 'device revoked');
}

import { ErrorCode } from '../../../shared/protocol/codes.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { Device, User } from '../../storage/types.js';

/**
 * Shells open at once on one PC and for one technician, counted in the store, which every node
 * of a cluster shares: the limits hold across nodes, not per process.
 */
export async function checkSessionLimits(deps: Pick<AppDeps, 'store' | 'config'>, device: Device, user: User): Promise<void> {
  if ((await deps.store.shellSessions.countOpen({ deviceId: device.id })) >= deps.config.sessionsPerDevice) {
    throw new AppError(ErrorCode.sessionLimit, `${device.hostname} already has ${deps.config.sessionsPerDevice} remote sessions`);
  }
  if ((await deps.store.shellSessions.countOpen({ technicianId: user.id })) >= deps.config.sessionsPerTechnician) {
    throw new AppError(ErrorCode.sessionLimit, `you already have ${deps.config.sessionsPerTechnician} remote sessions open`);
  }
}

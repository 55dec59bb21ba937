import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { secretMatches } from '../auth/secrets.js';
import { AppError } from '../errors.js';
import type { Device } from '../storage/types.js';

/** Where device rows come from: the store, or a DeviceLookup batching a reconnecting fleet's reads. */
export interface DeviceFinder {
  findById(id: string): Promise<Device | undefined>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `Authorization: Basic base64(deviceId:deviceSecret)` → the device, or a coded refusal. */
export async function authenticateDevice(req: IncomingMessage, devices: DeviceFinder): Promise<Device> {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(req.headers.authorization ?? '');
  // Made only when refused: an error's stack trace cost 2 % of a reconnect storm's CPU.
  const invalid = () => new AppError(ErrorCode.deviceCredentialInvalid, 'device credential missing or not valid: enroll the agent again');
  if (!match) throw invalid();
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const id = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  if (colon < 0 || !UUID.test(id) || secret.length === 0) throw invalid();
  const device = await devices.findById(id.toLowerCase());
  if (!device || !secretMatches(secret, device.secretHash)) throw invalid();
  if (device.revokedAt) throw new AppError(ErrorCode.deviceRevoked, 'this device was revoked by an admin');
  return device;
}

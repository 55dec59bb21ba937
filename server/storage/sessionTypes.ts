import type { ConsentDecision, EndReason, SessionState } from '../../shared/api/sessions.js';
import type { ConsentPolicy } from '../../shared/roles.js';

/** Remote shell sessions as the store keeps them (see types.ts for the other records). */
export interface ShellSession {
  id: string;
  deviceId: string;
  hostname: string | null;
  technicianId: string;
  technicianName: string;
  ticketId: number | null;
  reason: string | null;
  consentPolicy: ConsentPolicy;
  consentDecision: ConsentDecision | null;
  consentAt: string | null;
  state: SessionState;
  requestedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  endReason: EndReason | null;
  exitCode: number | null;
  bytesIn: number;
  bytesOut: number;
  cols: number;
  rows: number;
  /** Path of the asciicast file relative to the data folder. */
  recordingFile: string | null;
  recordingBytes: number;
  recordingTruncated: boolean;
}

export type NewShellSession = Pick<
  ShellSession,
  'id' | 'deviceId' | 'technicianId' | 'ticketId' | 'reason' | 'consentPolicy' | 'requestedAt' | 'cols' | 'rows' | 'recordingFile'
> & {
  /** The server process the technician's socket is on (the session ends if it dies). */
  nodeId?: string | null;
};

export type ShellSessionUpdate = Partial<
  Pick<
    ShellSession,
    | 'consentDecision'
    | 'consentAt'
    | 'state'
    | 'startedAt'
    | 'endedAt'
    | 'endReason'
    | 'exitCode'
    | 'bytesIn'
    | 'bytesOut'
    | 'cols'
    | 'rows'
    | 'recordingBytes'
    | 'recordingTruncated'
  >
>;

export interface ShellSessionRepo {
  create(session: NewShellSession): Promise<void>;
  findById(id: string): Promise<ShellSession | undefined>;
  update(id: string, update: ShellSessionUpdate): Promise<void>;
  /** Newest first. */
  list(filter: { deviceId?: string; ticketId?: number; technicianId?: string; limit: number; offset: number }): Promise<ShellSession[]>;
  /** Sessions a previous process left open (it stopped without ending them) are ended at start. */
  endAllOpen(at: string, reason: EndReason): Promise<number>;
  /** Sessions pending or active on a device or for a technician, on every node. */
  countOpen(filter: { deviceId?: string; technicianId?: string }): Promise<number>;
}

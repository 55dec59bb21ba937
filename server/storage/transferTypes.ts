import type { TransferView } from '../../shared/api/files.js';

export type NewTransfer = Omit<TransferView, 'device' | 'bytes' | 'sha256' | 'state' | 'error' | 'endedAt'> & {
  technicianId: string;
  /** The server process relaying it: the transfer ends with that process. */
  nodeId: string;
};

export interface TransferEnd {
  state: 'done' | 'failed' | 'cancelled';
  bytes: number;
  sha256: string | null;
  /** A folder archive's size, known once it is done. */
  size?: number;
  error: string | null;
  endedAt: string;
}

export interface TransferRepo {
  create(t: NewTransfer): Promise<void>;
  finish(id: string, end: TransferEnd): Promise<void>;
  find(id: string): Promise<TransferView | undefined>;
  /** Newest first, and how many match before paging. */
  list(f: { deviceId?: string; limit: number; offset: number }): Promise<{ transfers: TransferView[]; total: number }>;
  /** Transfers left running by a server that stopped: they ended with it. */
  endAllRunning(at: string): Promise<number>;
}

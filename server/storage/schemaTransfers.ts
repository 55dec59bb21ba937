/** Stored shape of a file transfer (migrations/0033_file_transfers.ts). */
export interface FileTransfersTable {
  id: string;
  device_id: string;
  technician_id: string;
  technician: string;
  ticket_id: number | null;
  direction: string;
  path: string;
  archive: string | null;
  start_offset: number | string;
  size: number | string | null;
  bytes: number | string;
  sha256: string | null;
  state: string;
  error: string | null;
  started_at: string;
  ended_at: string | null;
  /** The server process relaying it (migrations/0035_transfer_node.ts). */
  node_id: string | null;
}

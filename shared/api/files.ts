import { z } from 'zod';
import { ArchiveFormat, FileEntry, RemotePath } from '../protocol/files.js';

export { FileEntry } from '../protocol/files.js';

const TicketRef = z.coerce.number().int().positive('expected a ticket number').optional();
const Reason = z.string().trim().max(500).optional();

export const DeviceFileParams = z.object({ id: z.string().uuid('expected a device id') });

/** Which file or folder on the PC, and through which ticket (technicians: as for a shell). */
export const FilePathQuery = z.object({ path: RemotePath, ticket: TicketRef, reason: Reason }).strict();
export type FilePathQuery = z.infer<typeof FilePathQuery>;

export const DownloadQuery = FilePathQuery.extend({
  /** A folder is sent packed as this. */
  archive: ArchiveFormat.optional(),
}).strict();

/** A link the browser's own downloads fetch, without a session token (POST …/files/link). */
export const DownloadLink = z.object({
  url: z.string().describe('a path on this server, GET it within expiresAt: no Authorization needed'),
  expiresAt: z.string().datetime(),
});
export type DownloadLink = z.infer<typeof DownloadLink>;

export const FileLinkParams = z.object({ token: z.string().min(1).max(4000) });

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 as 64 lowercase hex digits');

export const UploadQuery = FilePathQuery.extend({
  /** The whole file's size in bytes. */
  size: z.coerce.number().int().nonnegative('expected the file size in bytes'),
  /** Resume: the bytes before this are already on the PC (see GET …/files/stat partialBytes). */
  offset: z.coerce.number().int().nonnegative().default(0),
  /** The whole file's SHA-256: the PC keeps the file only if it matches. */
  sha256: Sha256.optional(),
}).strict();
export type UploadQuery = z.infer<typeof UploadQuery>;

export const FolderListing = z.object({
  path: z.string(),
  entry: FileEntry.nullable(),
  entries: z.array(FileEntry),
  truncated: z.boolean(),
  /** The account whose files these are on the PC. */
  user: z.string().nullable(),
});
export type FolderListing = z.infer<typeof FolderListing>;

export const FileStat = z.object({
  path: z.string(),
  /** Null when nothing has that name. */
  entry: FileEntry.nullable(),
  /** Bytes of an interrupted upload to this path, kept for a resume. */
  partialBytes: z.number().int().nonnegative(),
  user: z.string().nullable(),
});
export type FileStat = z.infer<typeof FileStat>;

export const TRANSFER_STATES = ['running', 'done', 'failed', 'cancelled'] as const;
export const TransferState = z.enum(TRANSFER_STATES);

export const TransferView = z.object({
  id: z.string(),
  deviceId: z.string(),
  device: z.string(),
  technician: z.string(),
  ticketId: z.number().int().nullable(),
  direction: z.enum(['download', 'upload']),
  path: z.string(),
  archive: ArchiveFormat.nullable(),
  /** Where a resumed transfer started. */
  offset: z.number().int(),
  /** What was to be sent (a folder archive: unknown until done). */
  size: z.number().int().nullable(),
  /** What was sent in this transfer. */
  bytes: z.number().int(),
  /** Of the whole file (or archive), once done. */
  sha256: z.string().nullable(),
  state: TransferState,
  error: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
});
export type TransferView = z.infer<typeof TransferView>;

export const TransferListQuery = z
  .object({
    device: z.string().uuid('expected a device id').optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export const TransferParams = z.object({ id: z.string().uuid('expected a transfer id') });

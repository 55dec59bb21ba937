import { z } from 'zod';

/**
 * File transfer between a technician and a PC, on the agent's socket beside its shells. One
 * transfer is one session id: control messages are JSON (below), file bytes are binary frames
 * framed like terminal bytes (session id, then bytes; see terminal.ts).
 *
 * Flow control is a window per transfer in each direction: the sender may have at most
 * FILE_LIMITS.windowBytes unacknowledged; the receiver acknowledges (`file.ack`) once the bytes
 * have gone on (to the technician's HTTP connection, or to the file on the PC). So neither the
 * server nor the agent ever holds more than a window of a transfer, whatever the file's size.
 */
export const FILE_LIMITS = {
  windowBytes: 1024 * 1024,
  ackBatchBytes: 128 * 1024,
  /** Largest file bytes in one frame. */
  chunkBytes: 64 * 1024,
  pathMax: 4096,
  /** A listing stops here (and says it was cut short). */
  listEntriesMax: 5000,
} as const;

/** What the agent appends to a file being uploaded until it is whole and checked. */
export const PARTIAL_SUFFIX = '.deskside-part';

const SessionId = z.string().uuid();
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest');

/**
 * A path on the PC: absolute, without ".." segments (a technician names the file itself, never a
 * way around something), no NUL. Windows paths ("C:\…") are accepted as they are.
 */
export const RemotePath = z
  .string()
  .min(1, 'path is empty')
  .max(FILE_LIMITS.pathMax, `path is longer than ${FILE_LIMITS.pathMax} characters`)
  .refine((p) => !p.includes('\0'), 'path contains a NUL character')
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'path must be absolute (start with / or a drive letter)')
  .refine((p) => !p.split(/[\\/]/).includes('..'), 'path must not contain ".." segments');

export const ArchiveFormat = z.enum(['tar.gz', 'zip']);
export type ArchiveFormat = z.infer<typeof ArchiveFormat>;

export const FileEntry = z.object({
  name: z.string().max(1024),
  type: z.enum(['file', 'dir', 'link', 'other']),
  size: z.number().int().nonnegative(),
  mtime: z.string().max(40),
  /** Where a symbolic link points. */
  target: z.string().max(FILE_LIMITS.pathMax).optional(),
});
export type FileEntry = z.infer<typeof FileEntry>;

export const FileOp = z.enum(['list', 'stat', 'read', 'write']);
export type FileOp = z.infer<typeof FileOp>;

/** Server → agent: start a transfer (or a listing) for a technician, under the PC's consent policy. */
export const FileOpen = z.object({
  type: z.literal('file.open'),
  sessionId: SessionId,
  op: FileOp,
  path: RemotePath,
  /** read: resume from this byte; write: the bytes before it are already in the partial file. */
  offset: z.number().int().nonnegative().default(0),
  /** write: the whole file's size. */
  size: z.number().int().nonnegative().nullable().default(null),
  /** write: the whole file's SHA-256, checked before the file takes its name. */
  sha256: sha256Hex.nullable().default(null),
  /** read of a folder: packed as this. */
  archive: ArchiveFormat.nullable().default(null),
  /** The server's size cap for one transfer. */
  maxBytes: z.number().int().positive(),
  consent: z.enum(['prompt', 'notify', 'unattended']),
  technician: z.string().min(1).max(64),
  reason: z.string().max(500).nullable(),
  ticketId: z.number().int().positive().nullable(),
  consentTimeoutMs: z.number().int().min(1_000).max(3_600_000).optional(),
});
export type FileOpen = z.infer<typeof FileOpen>;

/** Either end: `bytes` more of this transfer went on; the other end may send that many more. */
export const FileAck = z.object({ type: z.literal('file.ack'), sessionId: SessionId, bytes: z.number().int().positive().max(1 << 30) });
/** Server → agent: every byte of an upload has been sent. */
export const FileEnd = z.object({ type: z.literal('file.end'), sessionId: SessionId });
/** Server → agent: the technician gave up; stop, keep a partial upload for a resume. */
export const FileClose = z.object({ type: z.literal('file.close'), sessionId: SessionId });

/** Agent → server: the operation may go on. For list/stat it carries the answer and is the end. */
export const FileAccept = z.object({
  type: z.literal('file.accept'),
  sessionId: SessionId,
  decision: z.enum(['accepted', 'not_required']),
  /** The file or folder named (read: its size is what will be sent, from `offset` on). */
  entry: FileEntry.nullable(),
  entries: z.array(FileEntry).max(FILE_LIMITS.listEntriesMax).optional(),
  truncated: z.boolean().optional(),
  /** Bytes of an interrupted upload of this path, kept for a resume. */
  partialBytes: z.number().int().nonnegative().optional(),
  /** The account the files are read and written as. */
  user: z.string().max(64).optional(),
});

/** Agent → server: the transfer is complete, checked, and (upload) the file has its name. */
export const FileDone = z.object({
  type: z.literal('file.done'),
  sessionId: SessionId,
  bytes: z.number().int().nonnegative(),
  sha256: sha256Hex,
  /** Folder archives: entries left out (unreadable, or neither file, folder nor link). */
  skipped: z.number().int().nonnegative().optional(),
});

export const FileErrorReason = z.enum([
  'denied',
  'timeout',
  'limit',
  'not_found',
  'not_allowed',
  'invalid',
  'too_large',
  'no_space',
  'changed',
  'checksum',
  'failed',
]);
export type FileErrorReason = z.infer<typeof FileErrorReason>;

/** Agent → server: refused (consent, access, missing) or failed on the way. */
export const FileError = z.object({
  type: z.literal('file.error'),
  sessionId: SessionId,
  reason: FileErrorReason,
  message: z.string().max(1000),
  /** An upload stopped: this many bytes are kept for a resume. */
  partialBytes: z.number().int().nonnegative().optional(),
});

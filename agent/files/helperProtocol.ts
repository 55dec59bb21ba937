import { z } from 'zod';
import { ArchiveFormat, FileEntry, FileErrorReason, FileOp } from '../../shared/protocol/files.js';

/**
 * Between the agent and its file helper, a child process started as the account the files are
 * read and written as: the request goes in as an argument, file bytes on stdin/stdout, and these
 * events as JSON lines on fd 3.
 */
export const HelperRequest = z.object({
  op: FileOp,
  path: z.string(),
  offset: z.number().int().nonnegative(),
  size: z.number().int().nonnegative().nullable(),
  sha256: z.string().nullable(),
  archive: ArchiveFormat.nullable(),
  maxBytes: z.number().int().positive(),
  roots: z.array(z.string()),
});
export type HelperRequest = z.infer<typeof HelperRequest>;

export const HelperEvent = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('start'),
    entry: FileEntry.nullable(),
    entries: z.array(FileEntry).optional(),
    truncated: z.boolean().optional(),
    partialBytes: z.number().int().nonnegative().optional(),
  }),
  z.object({ event: z.literal('done'), bytes: z.number().int().nonnegative(), sha256: z.string(), skipped: z.number().int().nonnegative().optional() }),
  z.object({ event: z.literal('error'), reason: FileErrorReason, message: z.string(), partialBytes: z.number().int().nonnegative().optional() }),
]);
export type HelperEvent = z.infer<typeof HelperEvent>;

export const HELPER_COMMAND = 'file-helper';

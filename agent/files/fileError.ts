import type { FileErrorReason } from '../../shared/protocol/files.js';

/** A failure the technician is told about in words, with the protocol's reason. */
export class FileOpError extends Error {
  constructor(
    readonly reason: FileErrorReason,
    message: string,
    /** An upload stopped with this many bytes kept for a resume. */
    readonly partialBytes?: number,
  ) {
    super(message);
  }
}

const BY_ERRNO: Record<string, FileErrorReason> = {
  ENOENT: 'not_found',
  ENOTDIR: 'not_found',
  EACCES: 'not_allowed',
  EPERM: 'not_allowed',
  EROFS: 'not_allowed',
  ENOSPC: 'no_space',
  EDQUOT: 'no_space',
  EFBIG: 'too_large',
  EISDIR: 'invalid',
  ELOOP: 'invalid',
  ENAMETOOLONG: 'invalid',
};

const WORDS: Partial<Record<FileErrorReason, string>> = {
  not_found: 'no such file or folder',
  not_allowed: 'permission denied',
  no_space: 'the disk is full',
  too_large: 'the file is too large for this disk',
};

/** An error of the file system, in the protocol's terms, naming the path it was about. */
export function fromFsError(err: unknown, path: string, partialBytes?: number): FileOpError {
  if (err instanceof FileOpError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const reason = BY_ERRNO[code] ?? 'failed';
  const words = WORDS[reason] ?? (err as Error).message;
  return new FileOpError(reason, `${path}: ${words}`, partialBytes);
}

import { z } from 'zod';
import { DownloadQuery } from '../../shared/api/files.js';
import { ErrorCode } from '../../shared/protocol/codes.js';
import { AppError } from '../errors.js';
import { signedTokens, type Clock } from './jwt.js';

// A download link is signed with the sessions' key under an issuer of its own: a link is no
// session (jwt.ts pins the issuer "deskside"), and a session is no link.
const ISSUER = 'deskside-file-link';
/** Long enough for the browser to start the download it was made for, short if it leaks (history, logs). */
export const FILE_LINK_SECONDS = 60;

const Claims = z.object({ sub: z.string(), ver: z.number().int().min(0), dev: z.string().uuid(), q: DownloadQuery, exp: z.number() });

export interface FileLink {
  userId: string;
  /** The user's token version when the link was made: a changed account makes it void. */
  version: number;
  deviceId: string;
  query: z.infer<typeof DownloadQuery>;
}

export interface FileLinks {
  sign(user: { id: string; tokenVersion: number }, deviceId: string, query: z.infer<typeof DownloadQuery>): { token: string; expiresAt: string };
  /** The link a valid token stands for; a coded 401 otherwise. */
  verify(token: string): FileLink;
}

/**
 * Short-lived links to download one file (or packed folder) of one PC: the browser's own
 * download manager fetches them, writing to disk as bytes arrive, where a page would have to
 * hold the whole file to hand it over.
 */
export function fileLinks(secret: string, now: Clock = Date.now): FileLinks {
  const tokens = signedTokens(secret, ISSUER, now);
  return {
    sign: (user, deviceId, query) => tokens.sign({ ver: user.tokenVersion, dev: deviceId, q: query }, user.id, FILE_LINK_SECONDS),
    verify(token) {
      const checked = tokens.verify(token);
      if ('refused' in checked) {
        if (checked.refused === 'expired') throw new AppError(ErrorCode.tokenExpired, `this download link expired (links last ${FILE_LINK_SECONDS} s): start the download again`);
        throw new AppError(ErrorCode.unauthorized, 'invalid download link');
      }
      const claims = Claims.safeParse(checked.payload);
      if (!claims.success) throw new AppError(ErrorCode.unauthorized, 'invalid download link');
      return { userId: claims.data.sub, version: claims.data.ver, deviceId: claims.data.dev, query: claims.data.q };
    },
  };
}

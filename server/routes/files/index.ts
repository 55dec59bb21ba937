import { z } from 'zod';
import {
  DeviceFileParams,
  DownloadLink,
  DownloadQuery,
  FileLinkParams,
  FilePathQuery,
  FileStat,
  FolderListing,
  TransferListQuery,
  TransferParams,
  TransferView,
  UploadQuery,
} from '../../../shared/api/files.js';
import { entryOf, startFileOp } from '../../commands/fileTransfer.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { route } from '../../http/route.js';
import { download, linkDownload } from './download.js';
import { authorizeShell } from '../../relay/terminal/access.js';
import { upload } from './upload.js';

/** What a download answers, by session (…/files/content) or by link (/api/v1/file-links/…). */
const DOWNLOAD_REPLY = {
  response: null,
  raw: { contentType: 'application/octet-stream' },
  headers: { 'X-Deskside-Transfer': 'The transfer id (GET /api/v1/transfers/{id})' },
  errors: { 409: 'The file changed on the PC (it shrank), or the PC is offline', 413: 'Larger than DESKSIDE_TRANSFER_MAX_MB' },
} as const;

/** A PC's files, for technicians allowed a shell on it: browse, download, upload; and the record of transfers. */
export function fileRoutes(deps: AppDeps) {
  const { store } = deps;
  return [
    route({
      method: 'get',
      path: '/api/v1/devices/:id/files',
      summary: 'Lists a folder on the PC (folders first, at most 5,000 entries), as the account a shell would run as',
      tag: 'files',
      access: 'technician',
      params: DeviceFileParams,
      query: FilePathQuery,
      response: FolderListing,
      async handler({ params, query, user }) {
        const { accepted } = await startFileOp(deps, user!, params.id, query, { op: 'list', offset: 0, size: null, sha256: null, archive: null });
        return { path: query.path, entry: entryOf(accepted, query.path), entries: accepted.entries ?? [], truncated: accepted.truncated ?? false, user: accepted.user ?? null };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/devices/:id/files/stat',
      summary: 'What is at a path on the PC (null when nothing), and the bytes of an interrupted upload to it kept for a resume',
      tag: 'files',
      access: 'technician',
      params: DeviceFileParams,
      query: FilePathQuery,
      response: FileStat,
      async handler({ params, query, user }) {
        const { accepted } = await startFileOp(deps, user!, params.id, query, { op: 'stat', offset: 0, size: null, sha256: null, archive: null });
        return { path: query.path, entry: accepted.entry, partialBytes: accepted.partialBytes ?? 0, user: accepted.user ?? null };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/devices/:id/files/content',
      summary:
        'Downloads a file from the PC (Range: bytes=N- resumes), or a folder packed as ?archive=tar.gz|zip; X-Deskside-Transfer names the transfer, whose record gives the SHA-256 once done',
      tag: 'files',
      access: 'technician',
      params: DeviceFileParams,
      query: DownloadQuery,
      ...DOWNLOAD_REPLY,
      handler: (ctx) => download(deps, ctx),
    }),
    route({
      method: 'post',
      path: '/api/v1/devices/:id/files/link',
      summary:
        "A link that downloads a file (or a folder packed as archive) from the PC without a session token, for a browser's own downloads: for the user who asked, valid 60 s, checked again when used",
      tag: 'files',
      access: 'technician',
      params: DeviceFileParams,
      body: DownloadQuery,
      response: DownloadLink,
      status: 201,
      async handler({ params, body, user }) {
        // Refused now rather than as a failed download the browser can only call "Forbidden".
        await authorizeShell(store, user!, { device: params.id, ticket: body.ticket, reason: body.reason });
        const { token, expiresAt } = deps.links.sign(user!, params.id, body);
        return { url: `/api/v1/file-links/${token}`, expiresAt };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/file-links/:token',
      summary: 'Downloads what a link of POST …/files/link names, as GET …/files/content would for its user (no Authorization: the link is the credential)',
      tag: 'files',
      access: 'public',
      params: FileLinkParams,
      ...DOWNLOAD_REPLY,
      handler: (ctx) => linkDownload(deps, ctx),
    }),
    route({
      method: 'put',
      path: '/api/v1/devices/:id/files/content',
      summary:
        'Uploads the body to a file on the PC: written aside, checked against ?sha256 when given, then named; ?offset resumes an interrupted upload (GET …/files/stat says how much was kept)',
      tag: 'files',
      access: 'technician',
      params: DeviceFileParams,
      query: UploadQuery,
      upload: { maxBytes: deps.config.transferMaxBytes, stream: true },
      response: TransferView,
      status: 201,
      errors: { 413: 'Larger than DESKSIDE_TRANSFER_MAX_MB', 422: 'The file arrived with another SHA-256 than ?sha256 (it was not kept)' },
      handler: (ctx) => upload(deps, ctx),
    }),
    route({
      method: 'get',
      path: '/api/v1/transfers',
      summary: 'File transfers, newest first (?device= for one PC); X-Total-Count gives the total',
      tag: 'files',
      access: 'technician',
      query: TransferListQuery,
      response: z.array(TransferView),
      headers: { 'X-Total-Count': 'How many transfers match' },
      async handler({ query, res }) {
        const { transfers, total } = await store.transfers.list({ deviceId: query.device, limit: query.limit, offset: query.offset });
        res.setHeader('X-Total-Count', String(total));
        return transfers;
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/transfers/:id',
      summary: 'One file transfer: its state, bytes, and the SHA-256 of the whole file once done',
      tag: 'files',
      access: 'technician',
      params: TransferParams,
      response: TransferView,
      handler: async ({ params }) => (await store.transfers.find(params.id)) ?? Promise.reject(notFound('transfer')),
    }),
  ];
}

import { ErrorCode } from '../shared/protocol/codes.js';

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  invalid_json: 400,
  unauthorized: 401,
  token_expired: 401,
  session_revoked: 401,
  account_disabled: 401,
  totp_required: 401,
  totp_invalid: 400,
  totp_setup_required: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  ticket_changed: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  enrollment_token_invalid: 401,
  enrollment_token_expired: 401,
  enrollment_token_used_up: 401,
  enrollment_token_revoked: 401,
  device_credential_invalid: 401,
  device_revoked: 401,
  invalid_frame: 400,
  unknown_type: 400,
  hello_required: 400,
  hello_timeout: 408,
  unsupported_protocol: 426,
  device_mismatch: 400,
  frame_too_large: 413,
  session_unknown: 404,
  auth_timeout: 408,
  device_offline: 409,
  consent_denied: 403,
  consent_timeout: 408,
  shell_unavailable: 503,
  session_limit: 429,
  disk_full: 507,
  file_changed: 409,
  checksum_mismatch: 422,
  transfer_failed: 502,
};

/** An error meant for the client: a stable code, its HTTP status and a message safe to show. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (what: string) => new AppError(ErrorCode.notFound, `${what} not found`);
export const forbidden = (why = 'your role does not allow this') => new AppError(ErrorCode.forbidden, why);
export const unauthorized = (why = 'sign in first') => new AppError(ErrorCode.unauthorized, why);

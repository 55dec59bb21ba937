/** Stable error codes, shared by REST errors and protocol error frames. */
export const ErrorCode = {
  invalidInput: 'invalid_input',
  invalidJson: 'invalid_json',
  unauthorized: 'unauthorized',
  tokenExpired: 'token_expired',
  /** The session token was issued before a change of the account (role, password, disabled). */
  sessionRevoked: 'session_revoked',
  accountDisabled: 'account_disabled',
  /** The account has two-factor sign-in: the code from the app (or a recovery code) is needed. */
  totpRequired: 'totp_required',
  /** A code typed while setting up or changing two-factor sign-in does not match. */
  totpInvalid: 'totp_invalid',
  /** Two-factor sign-in is required for this role and not yet set up: only setting it up is allowed. */
  totpSetupRequired: 'totp_setup_required',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  /** A reply was written against a version of the ticket that changed meanwhile. */
  ticketChanged: 'ticket_changed',
  payloadTooLarge: 'payload_too_large',
  rateLimited: 'rate_limited',
  internal: 'internal',
  /** The database cannot be reached for the moment: the same request may succeed shortly. */
  unavailable: 'unavailable',
  // Enrollment and device credentials
  enrollmentTokenInvalid: 'enrollment_token_invalid',
  enrollmentTokenExpired: 'enrollment_token_expired',
  enrollmentTokenUsedUp: 'enrollment_token_used_up',
  enrollmentTokenRevoked: 'enrollment_token_revoked',
  deviceCredentialInvalid: 'device_credential_invalid',
  deviceRevoked: 'device_revoked',
  // Agent protocol
  invalidFrame: 'invalid_frame',
  unknownType: 'unknown_type',
  helloRequired: 'hello_required',
  helloTimeout: 'hello_timeout',
  unsupportedProtocol: 'unsupported_protocol',
  deviceMismatch: 'device_mismatch',
  frameTooLarge: 'frame_too_large',
  sessionUnknown: 'session_unknown',
  // Remote shell
  authTimeout: 'auth_timeout',
  deviceOffline: 'device_offline',
  consentDenied: 'consent_denied',
  consentTimeout: 'consent_timeout',
  shellUnavailable: 'shell_unavailable',
  sessionLimit: 'session_limit',
  // File transfer
  /** The PC's disk is full. */
  diskFull: 'disk_full',
  /** The file changed on the PC in a way the transfer cannot go on with (it shrank, say). */
  fileChanged: 'file_changed',
  /** What arrived does not have the SHA-256 announced for it. */
  checksumMismatch: 'checksum_mismatch',
  /** The transfer stopped midway (the PC went away, say); it may be resumed. */
  transferFailed: 'transfer_failed',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * WebSocket close codes in the application range (4000–4999). The last three digits echo the
 * closest HTTP status so a log line reads at a glance.
 */
export const CloseCode = {
  /** Too many invalid frames. */
  protocolViolation: 4400,
  /** The device was revoked, or its credential no longer matches. */
  revoked: 4401,
  /** No hello within the allowed time. */
  helloTimeout: 4408,
  /** A newer connection of the same device took over. */
  replaced: 4409,
  /** The agent speaks a protocol version this server does not support. */
  unsupportedProtocol: 4426,
  /** Message flood. */
  rateLimited: 4429,
  /** Terminal sockets: not signed in, or the token is invalid or expired. */
  unauthorized: 4401,
  /** Terminal sockets: the role or the ticket does not allow a shell on this device. */
  forbidden: 4403,
  /** Terminal sockets: no such device. */
  notFound: 4404,
  /** Terminal sockets: the device is offline, or the PC refused the session. */
  unavailable: 4409,
  /** Terminal sockets: too many sessions on the device or for the technician. */
  limit: 4429,
  /** The server is shutting down; reconnect later. */
  serverShutdown: 1001,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

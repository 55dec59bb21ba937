/** Version of the agent ↔ server protocol. Bumped only for incompatible changes. */
export const PROTOCOL_VERSION = 1;
/** Protocol versions this build of the server accepts in an agent's hello. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [1];

/**
 * Largest WebSocket message either end accepts. ws enforces it while reading the frame header
 * (maxPayload), so an oversized frame is refused before its payload is buffered.
 * A full inventory with a large software list is the biggest message (~100 KB for 1,000 packages).
 */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024;

export const LIMITS = {
  usernameMin: 2,
  usernameMax: 64,
  passwordMin: 12,
  passwordMax: 256,
  hostnameMax: 255,
  shortText: 255,
  notesMax: 4000,
  groupMax: 64,
  softwareEntriesMax: 20_000,
  listItemsMax: 1_000,
  /** A leaked enrollment token is worth at most this many devices and this many days. */
  enrollmentUsesMax: 10_000,
  enrollmentDaysMax: 30,
  /** Invalid frames a socket may send before it is closed. */
  agentBadFramesMax: 5,
  /** Token bucket per agent socket: sustained messages per second and burst size. */
  agentMessagesPerSecond: 20,
  agentMessagesBurst: 60,
  helloTimeoutMs: 10_000,
} as const;

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;

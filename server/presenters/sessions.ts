import type { SessionView } from '../../shared/api/sessions.js';
import type { ShellSession } from '../storage/types.js';

export const presentSession = (s: ShellSession): SessionView => ({
  id: s.id,
  deviceId: s.deviceId,
  hostname: s.hostname,
  technician: { id: s.technicianId, username: s.technicianName },
  ticketId: s.ticketId,
  reason: s.reason,
  consent: { policy: s.consentPolicy, decision: s.consentDecision, at: s.consentAt },
  state: s.state,
  requestedAt: s.requestedAt,
  startedAt: s.startedAt,
  endedAt: s.endedAt,
  endReason: s.endReason,
  exitCode: s.exitCode,
  bytesIn: s.bytesIn,
  bytesOut: s.bytesOut,
  cols: s.cols,
  rows: s.rows,
  // Only a session whose shell ran has a recording.
  recording:
    s.recordingFile && s.startedAt
      ? { url: `/api/v1/sessions/${s.id}/recording`, bytes: s.recordingBytes, truncated: s.recordingTruncated }
      : null,
});

import { AgentMessage, ServerMessage } from './messages.js';
import { decodeFrame, typesOf, type DecodeResult } from './codec.js';

export * from './codes.js';
export * from './limits.js';
export * from './messages.js';
export { encodeFrame, describeZodError, type DecodeResult } from './codec.js';

const agentTypes = typesOf(AgentMessage);
const serverTypes = typesOf(ServerMessage);

/** Server side: decode a frame sent by an agent. */
export function decodeAgentMessage(data: unknown): DecodeResult<AgentMessage> {
  return decodeFrame(AgentMessage, agentTypes, data);
}

/** Agent side: decode a frame sent by the server. */
export function decodeServerMessage(data: unknown): DecodeResult<ServerMessage> {
  return decodeFrame(ServerMessage, serverTypes, data);
}
export * from './terminalMessages.js';

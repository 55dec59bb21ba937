import type { z } from 'zod';
import { ErrorCode } from './codes.js';
import { MAX_FRAME_BYTES } from './limits.js';

export type DecodeResult<T> =
  | { ok: true; message: T }
  | { ok: false; code: ErrorCode; message: string };

/** A short, human-readable summary of a zod failure that names the offending fields. */
export function describeZodError(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * The one gate between bytes from the network and typed messages: unknown input in, either a
 * message valid against `schema` or a coded reason out. Nothing is dropped silently.
 */
export function decodeFrame<S extends z.ZodType<{ type: string }>>(
  schema: S,
  knownTypes: ReadonlySet<string>,
  data: unknown,
): DecodeResult<z.infer<S>> {
  let text: string;
  if (typeof data === 'string') text = data;
  else if (Buffer.isBuffer(data)) text = data.toString('utf8');
  else return { ok: false, code: ErrorCode.invalidFrame, message: 'expected a text frame' };
  if (Buffer.byteLength(text) > MAX_FRAME_BYTES) {
    return { ok: false, code: ErrorCode.frameTooLarge, message: `frame exceeds ${MAX_FRAME_BYTES} bytes` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: ErrorCode.invalidFrame, message: 'frame is not valid JSON' };
  }
  if (value === null || typeof value !== 'object' || typeof (value as { type?: unknown }).type !== 'string') {
    return { ok: false, code: ErrorCode.invalidFrame, message: 'frame must be a JSON object with a string "type"' };
  }
  const type = (value as { type: string }).type;
  if (!knownTypes.has(type)) {
    return { ok: false, code: ErrorCode.unknownType, message: `unknown message type "${type.slice(0, 64)}"` };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, code: ErrorCode.invalidFrame, message: `${type}: ${describeZodError(parsed.error)}` };
  }
  return { ok: true, message: parsed.data };
}

/** Message types of a discriminated union, for the unknown-type check. */
export function typesOf(union: { options: readonly { shape: { type: { value: unknown } } }[] }): Set<string> {
  return new Set(union.options.map((o) => String(o.shape.type.value)));
}

export function encodeFrame(message: { type: string }): string {
  return JSON.stringify(message);
}

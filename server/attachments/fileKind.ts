/**
 * What an attached file is, read from its bytes rather than taken from the sender: the type
 * decides whether the console shows it inline, and a file that calls itself an image but is
 * HTML or SVG must never be shown as one.
 */
export type FileKind = 'image' | 'text' | 'binary';

export interface Sniffed {
  kind: FileKind;
  contentType: string;
}

const IMAGES: readonly { type: string; test(b: Buffer): boolean }[] = [
  { type: 'image/png', test: (b) => b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', test: (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/gif', test: (b) => b.length >= 6 && /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1')) },
  { type: 'image/webp', test: (b) => b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { type: 'image/bmp', test: (b) => b.length >= 14 && b.subarray(0, 2).toString('latin1') === 'BM' },
];

/** How much of a file is read to decide whether it is text: a log's first 64 KiB say enough. */
const TEXT_PROBE = 64 * 1024;

function looksLikeText(b: Buffer): boolean {
  const probe = b.subarray(0, TEXT_PROBE);
  if (probe.includes(0)) return false;
  // A multi-byte character cut at the probe's end is not a reason to call the file binary.
  const whole = probe.length === b.length;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(whole ? probe : probe.subarray(0, Math.max(0, probe.length - 4)));
    return true;
  } catch {
    return false;
  }
}

export function sniff(data: Buffer): Sniffed {
  const image = IMAGES.find((i) => i.test(data));
  if (image) return { kind: 'image', contentType: image.type };
  if (looksLikeText(data)) return { kind: 'text', contentType: 'text/plain; charset=utf-8' };
  return { kind: 'binary', contentType: 'application/octet-stream' };
}

/** A file name as given, reduced to its last path part; an error message when none is left. */
export function cleanFilename(raw: string): string | { error: string } {
  const name = raw.replace(/^.*[\\/]/, '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!name || name === '.' || name === '..') return { error: 'filename: expected a file name' };
  if (name.length > 200) return { error: 'filename: at most 200 characters' };
  return name;
}

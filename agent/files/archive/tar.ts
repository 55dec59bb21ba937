import type { WalkEntry } from './walk.js';

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, type: string, size: number, mode: number, mtime: number, link = ''): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(mode & 0o7777, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtime), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(type, 156, 'ascii');
  h.write(link, 157, 100, 'utf8');
  h.write('ustar\0' + '00', 257, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'ascii');
  return h;
}

function pax(name: string, fields: Record<string, string>): Buffer {
  let body = '';
  for (const [k, v] of Object.entries(fields)) {
    // Each record is "<length> key=value\n", where length counts itself.
    const rest = ` ${k}=${v}\n`;
    let len = Buffer.byteLength(rest) + 1;
    while (String(len).length + Buffer.byteLength(rest) !== len) len = String(len).length + Buffer.byteLength(rest);
    body += `${len}${rest}`;
  }
  const data = Buffer.from(body, 'utf8');
  return Buffer.concat([header(`PaxHeader/${name.slice(-80)}`, 'x', data.length, 0o644, 0), data, padding(data.length)]);
}

export function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** The header block(s) of one entry (a PAX record first when a name does not fit ustar). */
export function tarHeader(e: WalkEntry): Buffer {
  const dir = e.st.isDirectory();
  const name = dir ? `${e.name}/` : e.name;
  const link = e.link ?? '';
  const long: Record<string, string> = {};
  if (Buffer.byteLength(name) > 100) long.path = name;
  if (Buffer.byteLength(link) > 100) long.linkpath = link;
  if (e.st.size > 0o77777777777) long.size = String(e.st.size);
  const type = e.link !== undefined ? '2' : dir ? '5' : '0';
  const size = type === '0' ? e.st.size : 0;
  const h = header(name.slice(0, 100), type, long.size ? 0 : size, e.st.mode, e.st.mtimeMs / 1000, link.slice(0, 100));
  return Object.keys(long).length > 0 ? Buffer.concat([pax(name, long), h]) : h;
}

/** Two empty blocks end a tar archive. */
export const TAR_END = Buffer.alloc(BLOCK * 2);

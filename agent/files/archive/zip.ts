import { once } from 'node:events';
import zlib from 'node:zlib';
import { FileOpError } from '../fileError.js';
import { fileChunks, type WalkEntry } from './walk.js';

const LIMIT32 = 0xffffffff;
const TOO_BIG = 'zip archives stop at 4 GB and 65,535 entries; download the folder as tar.gz';
const UTF8 = 0x0800;
const DESCRIPTOR = 0x0008;

function dosTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

interface Central {
  name: Buffer;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  csize: number;
  usize: number;
  attrs: number;
  offset: number;
}

/**
 * A zip archive written as it goes: each file deflated, its CRC and sizes in a data descriptor
 * after it, the central directory at the end (what unzip and Explorer read).
 */
export class ZipWriter {
  private readonly central: Central[] = [];
  private offset = 0;

  constructor(private readonly emit: (chunk: Buffer) => Promise<void>) {}

  private async put(chunk: Buffer): Promise<void> {
    this.offset += chunk.length;
    if (this.offset > LIMIT32) throw new FileOpError('too_large', TOO_BIG);
    await this.emit(chunk);
  }

  private local(c: Central): Buffer {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(c.flags, 6);
    h.writeUInt16LE(c.method, 8);
    h.writeUInt16LE(c.time, 10);
    h.writeUInt16LE(c.date, 12);
    h.writeUInt32LE(c.crc, 14);
    h.writeUInt32LE(c.csize, 18);
    h.writeUInt32LE(c.usize, 22);
    h.writeUInt16LE(c.name.length, 26);
    return Buffer.concat([h, c.name]);
  }

  async add(e: WalkEntry): Promise<void> {
    if (this.central.length >= 0xffff) throw new FileOpError('too_large', TOO_BIG);
    if (e.st.size > LIMIT32) throw new FileOpError('too_large', TOO_BIG);
    const dir = e.st.isDirectory();
    const { time, date } = dosTime(e.st.mtime);
    const c: Central = {
      name: Buffer.from(dir ? `${e.name}/` : e.name, 'utf8'),
      flags: UTF8,
      method: 0,
      time,
      date,
      crc: 0,
      csize: 0,
      usize: 0,
      attrs: ((e.st.mode & 0xffff) << 16) >>> 0,
      offset: this.offset,
    };
    if (e.link !== undefined) {
      // A link is stored, not followed: its target is its content (as Info-ZIP does).
      const target = Buffer.from(e.link, 'utf8');
      Object.assign(c, { crc: zlib.crc32(target), csize: target.length, usize: target.length });
      await this.put(this.local(c));
      await this.put(target);
    } else if (dir) {
      await this.put(this.local(c));
    } else {
      Object.assign(c, { flags: UTF8 | DESCRIPTOR, method: 8 });
      await this.put(this.local(c));
      await this.deflate(e, c);
    }
    this.central.push(c);
  }

  private async deflate(e: WalkEntry, c: Central): Promise<void> {
    const deflate = zlib.createDeflateRaw();
    const drained = (async () => {
      for await (const out of deflate as AsyncIterable<Buffer>) {
        c.csize += out.length;
        await this.put(out);
      }
    })();
    try {
      for await (const chunk of fileChunks(e.full, e.st.size, 64 * 1024)) {
        c.crc = zlib.crc32(chunk, c.crc);
        c.usize += chunk.length;
        if (!deflate.write(chunk)) await Promise.race([once(deflate, 'drain'), drained]);
      }
    } finally {
      deflate.end();
    }
    await drained;
    const d = Buffer.alloc(16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(c.crc, 4);
    d.writeUInt32LE(c.csize, 8);
    d.writeUInt32LE(c.usize, 12);
    await this.put(d);
  }

  async finish(): Promise<void> {
    const start = this.offset;
    for (const c of this.central) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE((3 << 8) | 20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(c.flags, 8);
      h.writeUInt16LE(c.method, 10);
      h.writeUInt16LE(c.time, 12);
      h.writeUInt16LE(c.date, 14);
      h.writeUInt32LE(c.crc, 16);
      h.writeUInt32LE(c.csize, 20);
      h.writeUInt32LE(c.usize, 24);
      h.writeUInt16LE(c.name.length, 28);
      h.writeUInt32LE(c.attrs, 38);
      h.writeUInt32LE(c.offset, 42);
      await this.put(Buffer.concat([h, c.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.central.length, 8);
    end.writeUInt16LE(this.central.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.put(end);
  }
}

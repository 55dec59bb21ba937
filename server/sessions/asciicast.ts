import { StringDecoder } from 'node:string_decoder';
import { fileSink, type RecordingSink } from './recordingStore.js';

export interface RecordingOptions {
  width: number;
  height: number;
  /** Recording stops (and says so) after this many bytes of file. */
  maxBytes: number;
  title?: string;
  now?: () => number;
}

/**
 * A session recording in asciicast v2: a JSON header line, then one JSON array per event,
 * `[seconds, "o" | "i" | "r", data]`. Bytes are decoded per direction with a streaming UTF-8
 * decoder, so a character split across two frames is recorded whole.
 */
export class AsciicastRecorder {
  private readonly out: RecordingSink;
  private readonly started: number;
  private readonly now: () => number;
  private readonly decoders = { o: new StringDecoder('utf8'), i: new StringDecoder('utf8') };
  private bytes = 0;
  truncated = false;

  constructor(
    /** A file path, or where the lines go (see recordingStore.ts). */
    target: string | RecordingSink,
    private readonly o: RecordingOptions,
  ) {
    this.now = o.now ?? Date.now;
    this.started = this.now();
    this.out = typeof target === 'string' ? fileSink(target) : target;
    this.line({
      version: 2,
      width: o.width,
      height: o.height,
      timestamp: Math.floor(this.started / 1000),
      ...(o.title ? { title: o.title } : {}),
      env: { TERM: 'xterm-256color' },
    });
  }

  private line(value: unknown): void {
    if (this.truncated) return;
    const text = `${JSON.stringify(value)}\n`;
    const size = Buffer.byteLength(text);
    if (this.bytes + size > this.o.maxBytes) {
      this.truncated = true;
      // A last, small event tells the viewer why the recording ends here.
      this.out.write(`${JSON.stringify([this.elapsed(), 'o', '\r\n[recording size limit reached]\r\n'])}\n`);
      return;
    }
    this.bytes += size;
    this.out.write(text);
  }

  private elapsed(): number {
    return Math.round(this.now() - this.started) / 1000;
  }

  /** Bytes of file written so far (the closing notice of a truncated recording aside). */
  get size(): number {
    return this.bytes;
  }

  output(data: Buffer): void {
    const text = this.decoders.o.write(data);
    if (text) this.line([this.elapsed(), 'o', text]);
  }

  input(data: Buffer): void {
    const text = this.decoders.i.write(data);
    if (text) this.line([this.elapsed(), 'i', text]);
  }

  resize(cols: number, rows: number): void {
    this.line([this.elapsed(), 'r', `${cols}x${rows}`]);
  }

  close(): Promise<void> {
    return this.out.end();
  }
}

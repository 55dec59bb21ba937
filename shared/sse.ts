/** One server-sent event: its name and its data lines joined. */
export interface SseMessage {
  event: string;
  data: string;
}

/**
 * Reads a server-sent event stream as it arrives: feed it text, get the complete events in it.
 * Comment lines (keep-alive pings) and `retry:` carry no data and yield nothing.
 */
export class SseReader {
  private buffer = '';

  push(text: string): SseMessage[] {
    this.buffer += text;
    const out: SseMessage[] = [];
    let cut: number;
    while ((cut = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, cut);
      this.buffer = this.buffer.slice(cut + 2);
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data += line.slice(5).trim();
      }
      if (data) out.push({ event, data });
    }
    return out;
  }
}

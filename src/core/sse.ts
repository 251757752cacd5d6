// Incremental Server-Sent Events parser. worker-vllm hands out vLLM's SSE stream as arbitrary
// text slices, so the parser must accept input cut anywhere: mid-line, mid-field, between \r and \n.
// Follows the WHATWG event-stream rules, except that end() also flushes a final unterminated event.

/** One dispatched SSE event. `id` is set only when the event itself carried an `id:` line. */
export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

/** Stateful parser: feed text with push(), call end() once when the stream is over. */
export class SseParser {
  private buffer = '';
  private skipLf = false;
  private started = false;
  private dataLines: string[] = [];
  private eventName: string | undefined;
  private eventId: string | undefined;

  /** Parses `text` appended to what came before; returns the events completed by it. */
  push(text: string): SseEvent[] {
    if (text.length === 0) return [];
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.skipLf && text.startsWith('\n')) text = text.slice(1);
    this.skipLf = false;
    const out: SseEvent[] = [];
    const all = this.buffer + text;
    let start = 0;
    for (let i = this.buffer.length; i < all.length; i++) {
      const c = all.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.line(all.slice(start, i), out);
      if (c === 13) {
        if (i + 1 === all.length) this.skipLf = true;
        else if (all.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.buffer = all.slice(start);
    return out;
  }

  /** Flushes the last line and any event that was not closed by a blank line. */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    if (this.buffer.length > 0) this.line(this.buffer, out);
    this.buffer = '';
    this.skipLf = false;
    this.dispatch(out);
    return out;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line.length === 0) {
      this.dispatch(out);
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ":" starts a comment
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'data':
        this.dataLines.push(value);
        break;
      case 'event':
        this.eventName = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.eventId = value;
        break;
      default:
        break; // "retry" and unknown fields do not matter to a one-shot reader
    }
  }

  private dispatch(out: SseEvent[]): void {
    if (this.dataLines.length > 0) {
      const event: SseEvent = { data: this.dataLines.join('\n') };
      if (this.eventName !== undefined && this.eventName !== '') event.event = this.eventName;
      if (this.eventId !== undefined) event.id = this.eventId;
      out.push(event);
    }
    this.dataLines = [];
    this.eventName = undefined;
    this.eventId = undefined;
  }
}

/** One server-sent event: its name ("message" when unnamed), data and id. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * An incremental parser of the text/event-stream format (WHATWG HTML, "Server-sent events"): feed it text as it
 * arrives, in any pieces, and it returns the events completed so far. The SDK reads streams with fetch rather than
 * EventSource, because EventSource cannot send the end user's token in a header.
 */
export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private event = "";
  private id: string | undefined;

  /** The id of the last event that carried one: sent back as Last-Event-ID to resume after a reconnect. */
  lastEventId: string | undefined;

  push(text: string): SseEvent[] {
    this.buffer += text;
    const events: SseEvent[] = [];
    let newline: number;
    while ((newline = this.nextLineEnd()) >= 0) {
      const line = this.buffer.slice(0, newline);
      const skip = this.buffer[newline] === "\r" && this.buffer[newline + 1] === "\n" ? 2 : 1;
      this.buffer = this.buffer.slice(newline + skip);
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private nextLineEnd(): number {
    const lf = this.buffer.indexOf("\n");
    const cr = this.buffer.indexOf("\r");
    if (cr >= 0 && cr === this.buffer.length - 1) return lf >= 0 && lf < cr ? lf : -1; // a CR may be half of CRLF: wait
    if (lf < 0) return cr;
    return cr < 0 ? lf : Math.min(lf, cr);
  }

  private line(line: string): SseEvent | undefined {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return undefined; // a comment, such as a keep-alive
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    else if (field === "id" && !value.includes("\0")) this.id = value;
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    if (this.id !== undefined) this.lastEventId = this.id;
    const event = this.data.length === 0 ? undefined : { event: this.event || "message", data: this.data.join("\n"), id: this.id };
    this.data = [];
    this.event = "";
    this.id = undefined;
    return event;
  }
}

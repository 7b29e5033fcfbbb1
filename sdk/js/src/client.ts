import { FairdropError, problem } from "./errors.js";
import { disablePush, enablePush, type PushDevice, type PushOptions } from "./push.js";
import { SseParser } from "./sse.js";

export { FairdropError } from "./errors.js";

/** How a page identifies: the channel the merchant registered, and a token the merchant's backend signed for this user. */
export interface FairdropOptions {
  /** The channel id from POST /api/v1/exchange/sdk/channels. */
  channelId: string;
  /** A short-lived HS256 token for the end user, signed by the shop's backend with its shopper-signing secret. */
  userToken: string;
  /** Where Fairdrop is served; the page's own origin when absent. */
  baseUrl?: string;
  /** For tests and other runtimes: the fetch to use. */
  fetch?: typeof fetch;
}

/** A message of the end user's in-app inbox. */
export interface InboxMessage {
  id: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
  /** The buttons of a two-way series step (for example ["Hold my pair", "No thanks"]); empty or absent when there are none. */
  quickReplies?: string[];
}

/** A reply as Fairdrop stored it. */
export interface Reply {
  id: string;
  replyKey: string;
  inReplyTo: string | null;
  text: string;
  createdAt: string;
  /** What the two-way series this reply answered did with it; null when it answered none. */
  series?: SeriesOutcome | null;
}

/**
 * What a series did with a reply: outcome is acted, duplicate (handled before; nothing done again), unrecognised (the
 * step's fallback was sent), refused (sold out, for one), handed_off, unsubscribed or hold_expired; message says it in
 * words. A reply to a series that has ended is refused with a 409 FairdropError, code conversation_ended.
 */
export interface SeriesOutcome {
  conversationId: string;
  outcome: string;
  step: string;
  status: string;
  message: string | null;
}

/** A live subscription to new messages; close it to stop. */
export interface Subscription {
  close(): void;
}


const maxBackoffMs = 30_000;

/** The in-app channel of one end user: inbox, unread count, live messages, read state and replies. */
export class FairdropClient {
  private readonly base: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: FairdropOptions) {
    if (!options.channelId || !options.userToken) throw new Error("Fairdrop.init needs a channelId and a userToken.");
    this.base = `${(options.baseUrl ?? "").replace(/\/$/, "")}/api/v1/sdk/channels/${encodeURIComponent(options.channelId)}`;
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** The user's messages, oldest first (up to 1,000). */
  async inbox(options: { unread?: boolean } = {}): Promise<InboxMessage[]> {
    const page = await this.json<{ items: InboxMessage[] }>(`/inbox?limit=1000${options.unread ? "&unread=true" : ""}`);
    return page.items;
  }

  /** How many messages are unread: the badge's number. */
  async unreadCount(): Promise<number> {
    return (await this.inbox({ unread: true })).length;
  }

  async markRead(messageId: string): Promise<void> {
    await this.request(`/inbox/${encodeURIComponent(messageId)}/read`, { method: "POST" });
  }

  /**
   * Sends a reply (free text, or a quick reply's text). The reply key makes a retry safe: the same key is stored once,
   * so pass the key of the first attempt when retrying by hand; the SDK makes one when none is given.
   */
  async reply(text: string, options: { inReplyTo?: string; replyKey?: string } = {}): Promise<Reply> {
    const replyKey = options.replyKey ?? randomKey();
    const body = JSON.stringify({ replyKey, inReplyTo: options.inReplyTo ?? null, text });
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.json<Reply>("/replies", { method: "POST", body, headers: { "Content-Type": "application/json" } });
      } catch (error) {
        // A network failure may have stored the reply already: the same key makes the retry answer with it.
        if (error instanceof FairdropError || attempt >= 2) throw error;
        await delay(250 * 2 ** attempt);
      }
    }
  }

  /**
   * Sends a quick reply: the button's label, in reply to its message. The reply key is derived from the message and the
   * label (see quickReplyKey), so a double tap, a retry or a second device store the answer once.
   */
  quickReply(message: Pick<InboxMessage, "id">, label: string, options: { replyKey?: string } = {}): Promise<Reply> {
    return this.reply(label, { inReplyTo: message.id, replyKey: options.replyKey ?? quickReplyKey(message.id, label) });
  }

  /**
   * Turns on web push for this browser: asks for permission, registers the service worker (default /fairdrop-sw.js),
   * subscribes with Fairdrop's VAPID key and stores the subscription for the signed-in user. Call it from a click.
   */
  enablePush(options: PushOptions = {}): Promise<PushDevice> {
    return enablePush((path, init) => this.request(path, init), options);
  }

  /** Turns web push off for this browser: Fairdrop forgets the subscription and the browser unsubscribes. False when it had none. */
  disablePush(options: Pick<PushOptions, "serviceWorkerUrl"> = {}): Promise<boolean> {
    return disablePush((path, init) => this.request(path, init), options);
  }

  /**
   * Calls onMessage for each new message as it is delivered. The connection is kept: after a drop it reconnects with
   * backoff and resumes after the last message seen (Last-Event-ID), so nothing is missed or repeated.
   */
  subscribe(onMessage: (message: InboxMessage) => void, onError?: (error: unknown) => void): Subscription {
    const abort = new AbortController();
    const parser = new SseParser();
    const run = async () => {
      let backoff = 500;
      while (!abort.signal.aborted) {
        try {
          const headers: Record<string, string> = { Accept: "text/event-stream", "X-Fairdrop-User-Token": this.options.userToken };
          if (parser.lastEventId) headers["Last-Event-ID"] = parser.lastEventId;
          const response = await this.fetch(`${this.base}/inbox/stream`, { headers, signal: abort.signal });
          if (!response.ok || !response.body) throw await problem(response);
          backoff = 500;
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            for (const event of parser.push(value)) {
              if (event.event === "message") onMessage(JSON.parse(event.data) as InboxMessage);
            }
          }
        } catch (error) {
          if (abort.signal.aborted) return;
          onError?.(error);
          // A refused token will not get better by retrying: stop, and let the page get a fresh one.
          if (error instanceof FairdropError && (error.status === 401 || error.status === 403 || error.status === 404)) return;
        }
        await delay(backoff);
        backoff = Math.min(backoff * 2, maxBackoffMs);
      }
    };
    void run();
    return { close: () => abort.abort() };
  }

  private async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    return (await (await this.request(path, init)).json()) as T;
  }

  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = { ...(init.headers as Record<string, string> | undefined), "X-Fairdrop-User-Token": this.options.userToken };
    const response = await this.fetch(this.base + path, { ...init, headers });
    if (!response.ok) throw await problem(response);
    return response;
  }
}

/** The shopper asks to be told when a product is back (the storefront's publishable key, never an API key). */
export async function notifyMe(options: {
  baseUrl?: string;
  publishableKey: string;
  productId: string;
  channel: "email" | "sms";
  contact: string;
  consentText: string;
  fetch?: typeof fetch;
}): Promise<{ id: string; status: string }> {
  const send = options.fetch ?? globalThis.fetch.bind(globalThis);
  const response = await send(`${(options.baseUrl ?? "").replace(/\/$/, "")}/api/v1/public/restock/subscriptions`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Fairdrop-Publishable-Key": options.publishableKey },
    body: JSON.stringify({ productId: options.productId, channel: options.channel, contact: options.contact, consentText: options.consentText }),
  });
  if (!response.ok) throw await problem(response);
  return (await response.json()) as { id: string; status: string };
}

/**
 * The reply key quickReply uses when none is given: "qr:", the message id, ":" and the FNV-1a 64-bit hash of the label's
 * UTF-8 bytes in hex. The same message and label give the same key everywhere, so the server stores the answer once.
 */
export function quickReplyKey(messageId: string, label: string): string {
  return `qr:${messageId}:${fnv1a64(label)}`;
}

function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}

function randomKey(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
}

function delay(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * What Fairdrop's web push channel sends, decrypted (WebPushPayload on the server): the delivery id, title, body, the
 * URL to open and the distribution's topic. Members that were null are absent.
 */
export interface PushPayload {
  deliveryId?: string;
  title?: string;
  body?: string;
  url?: string;
  topic?: string;
}

/** What the service worker shows for a push: showNotification(title, options). */
export interface PushNotification {
  title: string;
  options: {
    body: string;
    /** The delivery id: a resent push replaces the notification instead of showing a second one. */
    tag?: string;
    data: { url: string; deliveryId?: string; topic?: string };
  };
}

/**
 * The notification for a push payload. `base` is the worker's scope: relative URLs resolve against it, it is
 * opened when the payload has no usable http(s) URL, and its host is the title when the payload has none (a push
 * must show something: userVisibleOnly).
 */
export function pushNotification(payload: unknown, base: string): PushNotification {
  const p = (typeof payload === "object" && payload !== null ? payload : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : undefined);
  const deliveryId = text(p.deliveryId);
  const topic = text(p.topic);
  return {
    title: text(p.title) ?? new URL(base).host,
    options: {
      body: text(p.body) ?? "",
      ...(deliveryId ? { tag: deliveryId } : {}),
      data: { url: webUrl(text(p.url), base) ?? base, ...(deliveryId ? { deliveryId } : {}), ...(topic ? { topic } : {}) },
    },
  };
}

function webUrl(url: string | undefined, base: string): string | undefined {
  if (url === undefined) return undefined;
  try {
    const resolved = new URL(url, base);
    return resolved.protocol === "https:" || resolved.protocol === "http:" ? resolved.href : undefined;
  } catch {
    return undefined;
  }
}

import { FairdropError } from "./errors.js";

/** Where the service worker is and what to call this browser. */
export interface PushOptions {
  /** The worker script, on the page's own origin: dist/fairdrop-sw.js as served by the shop, or its own worker that importScripts it. */
  serviceWorkerUrl?: string;
  /** A name for this browser, such as "phone": the user keeps only the newest subscription per name. */
  device?: string;
}

/** This browser's push subscription as Fairdrop stored it. */
export interface PushDevice {
  id: string;
  endpoint: string;
  device: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The client's authenticated request to its channel (the user token added, refusals thrown as FairdropErrors). */
export type ChannelRequest = (path: string, init?: RequestInit) => Promise<Response>;

const defaultWorker = "/fairdrop-sw.js";
const json = { "Content-Type": "application/json" };

/**
 * Asks for permission, registers the service worker, subscribes with the installation's VAPID key and stores the
 * subscription for the signed-in user. Call it from a click: browsers ask for permission only after a gesture.
 */
export async function enablePush(request: ChannelRequest, options: PushOptions = {}): Promise<PushDevice> {
  const container = serviceWorkers();
  if (!container) {
    throw new FairdropError(0, "push_unsupported", "This browser cannot receive web push here (no service worker or PushManager: an old browser, a page not served over https, or iOS outside a home-screen app).");
  }

  // Asked first, while the click that called us still counts as a user gesture.
  await askPermission();
  const registration = await register(container, options.serviceWorkerUrl ?? defaultWorker);
  const { applicationServerKey } = (await (await request("/webpush/vapid-public-key")).json()) as { applicationServerKey: string };
  const subscription = await subscribe(registration.pushManager, base64UrlToBytes(applicationServerKey));
  const body = JSON.stringify({ ...subscription.toJSON(), device: options.device });
  return (await (await request("/webpush", { method: "POST", body, headers: json })).json()) as PushDevice;
}

/**
 * Removes this browser's subscription from Fairdrop and unsubscribes it; false when it had none. The browser is
 * unsubscribed even when Fairdrop cannot be told (the error is still thrown): the push service then answers Fairdrop's
 * next push with 410, and Fairdrop drops the subscription.
 */
export async function disablePush(request: ChannelRequest, options: Pick<PushOptions, "serviceWorkerUrl"> = {}): Promise<boolean> {
  const registration = await serviceWorkers()?.getRegistration(options.serviceWorkerUrl ?? defaultWorker);
  const subscription = await registration?.pushManager.getSubscription();
  if (!subscription) return false;
  try {
    await request("/webpush", { method: "DELETE", body: JSON.stringify({ endpoint: subscription.endpoint }), headers: json });
  } finally {
    await subscription.unsubscribe();
  }
  return true;
}

/** The bytes of base64url text, padded or not (RFC 4648 §5), such as a VAPID public key for applicationServerKey. */
export function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const unpadded = text.replace(/={1,2}$/, "");
  if (!/^[A-Za-z0-9_-]*$/.test(unpadded) || unpadded.length % 4 === 1) throw new TypeError(`Not base64url: ${text}`);
  const base64 = unpadded.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "==".slice(0, (4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function serviceWorkers(): ServiceWorkerContainer | undefined {
  const navigator = globalThis.navigator as Navigator | undefined;
  return navigator && "serviceWorker" in navigator && "PushManager" in globalThis ? navigator.serviceWorker : undefined;
}

async function askPermission(): Promise<void> {
  // Without the Notification API the push service asks when subscribing; a refusal there is mapped below.
  const notifications = (globalThis as { Notification?: typeof Notification }).Notification;
  if (!notifications) return;
  const state = notifications.permission === "default" ? await notifications.requestPermission() : notifications.permission;
  if (state === "denied") {
    throw new FairdropError(0, "permission_denied", "Notifications are blocked for this site; only the user can allow them again, in the browser's site settings.");
  }
  if (state !== "granted") {
    throw new FairdropError(0, "permission_dismissed", "The notification prompt was closed without an answer; ask again later, from a click.");
  }
}

async function register(container: ServiceWorkerContainer, url: string): Promise<ServiceWorkerRegistration> {
  let registration: ServiceWorkerRegistration;
  try {
    registration = await container.register(url);
  } catch (error) {
    throw new FairdropError(0, "service_worker_failed", `The service worker ${url} could not be registered (it must be served from this page's origin as JavaScript): ${describe(error)}`);
  }
  // Subscribing needs an active worker; a first registration is still installing.
  const worker = registration.installing ?? registration.waiting;
  if (!registration.active && worker) {
    await new Promise<void>((resolve, reject) => {
      const settle = () => {
        if (worker.state === "activated") resolve();
        else if (worker.state === "redundant") reject(new FairdropError(0, "service_worker_failed", `The service worker ${url} failed to install.`));
      };
      worker.addEventListener("statechange", settle);
      settle();
    });
  }
  return registration;
}

async function subscribe(manager: PushManager, key: Uint8Array<ArrayBuffer>): Promise<PushSubscription> {
  try {
    const existing = await manager.getSubscription();
    if (existing && sameBytes(existing.options.applicationServerKey, key)) return existing;
    // A browser keeps one subscription per worker and refuses a second key: one made with an older key is replaced.
    await existing?.unsubscribe();
    return await manager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  } catch (error) {
    const denied = (error as { name?: string } | null)?.name === "NotAllowedError";
    throw new FairdropError(0, denied ? "permission_denied" : "push_subscribe_failed", `The browser refused the push subscription: ${describe(error)}`);
  }
}

function sameBytes(buffer: ArrayBuffer | null | undefined, bytes: Uint8Array): boolean {
  const other = buffer ? new Uint8Array(buffer) : undefined;
  return other !== undefined && other.length === bytes.length && other.every((b, i) => b === bytes[i]);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

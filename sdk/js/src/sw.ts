// Fairdrop's service worker (dist/fairdrop-sw.js, a classic script): shows each web push as a notification and opens
// its URL on a click. Serve it from the shop's origin, or importScripts it from the shop's own worker.
import { pushNotification } from "./notification.js";

const worker = self as unknown as ServiceWorkerGlobalScope;

worker.addEventListener("push", event => {
  const { title, options } = pushNotification(read(event.data), worker.registration.scope);
  event.waitUntil(worker.registration.showNotification(title, options));
});

worker.addEventListener("notificationclick", event => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | null)?.url ?? worker.registration.scope;
  event.waitUntil(focusOrOpen(url));
});

function read(data: PushMessageData | null): unknown {
  if (!data) return {};
  try {
    return data.json();
  } catch {
    return { body: data.text() }; // not JSON: still shown, as the body
  }
}

async function focusOrOpen(url: string): Promise<void> {
  const windows = await worker.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windows.find(client => client.url === url);
  if (open) await open.focus();
  else await worker.clients.openWindow(url);
}

import { test, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { init, base64UrlToBytes, pushNotification, FairdropError } from "../dist/fairdrop.mjs";

const json = (status, body) => new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
// A real VAPID public key (an uncompressed P-256 point) and its bytes as node's own base64url decoder reads them.
const vapidKey = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";

test("base64url decodes with and without padding, as node's decoder does", () => {
  const bytes = base64UrlToBytes(vapidKey);
  assert.equal(bytes.length, 65);
  assert.equal(bytes[0], 4);
  assert.deepEqual(Buffer.from(bytes), Buffer.from(vapidKey, "base64url"));
  for (const [text, expected] of [["", []], ["_w", [255]], ["_w==", [255]], ["-_8", [251, 255]], ["AQID", [1, 2, 3]]]) {
    assert.deepEqual(Array.from(base64UrlToBytes(text)), expected, text);
  }
  assert.throws(() => base64UrlToBytes("AQIDB"), TypeError); // 5 characters: no whole byte count
  assert.throws(() => base64UrlToBytes("AQ+D"), TypeError); // base64, not base64url
  assert.throws(() => base64UrlToBytes("A=QI"), TypeError);
});

test("a push payload becomes a notification tagged with its delivery, opening its URL", () => {
  const shown = pushNotification({ deliveryId: "0f1e", title: "Runner 42 is back", body: "Your size is in stock.", url: "https://shop.example/p/42", topic: "restock" }, "https://shop.example/");
  assert.deepEqual(shown, {
    title: "Runner 42 is back",
    options: { body: "Your size is in stock.", tag: "0f1e", data: { url: "https://shop.example/p/42", deliveryId: "0f1e", topic: "restock" } },
  });
});

test("a payload without title, URL or object still shows something and opens the site", () => {
  assert.deepEqual(pushNotification({ deliveryId: "d1", body: "Hi" }, "https://shop.example/app/"), {
    title: "shop.example", options: { body: "Hi", tag: "d1", data: { url: "https://shop.example/app/", deliveryId: "d1" } },
  });
  assert.deepEqual(pushNotification(null, "https://shop.example/"), { title: "shop.example", options: { body: "", data: { url: "https://shop.example/" } } });
  assert.equal(pushNotification({ url: "/p/42" }, "https://shop.example/app/").options.data.url, "https://shop.example/p/42");
  assert.equal(pushNotification({ url: "javascript:alert(1)" }, "https://shop.example/").options.data.url, "https://shop.example/");
  assert.equal(pushNotification({ title: 7, body: ["x"] }, "https://shop.example/").title, "shop.example");
});

/** A browser as enablePush sees it: navigator.serviceWorker, PushManager, Notification; everything it was asked is logged. */
function fakeBrowser({ permission = "granted", answer = permission, existing = null, subscribeError = null, active = true, installsAs = "activated" } = {}) {
  const log = [];
  const subscription = (key, endpoint = "https://push.example.net/sub-1") => ({
    endpoint,
    options: { applicationServerKey: key.buffer.slice(key.byteOffset, key.byteOffset + key.byteLength) },
    toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh: "p256", auth: "auth" } }),
    unsubscribe: async () => { log.push(["unsubscribe", endpoint]); return true; },
  });
  let current = existing && subscription(existing.key, existing.endpoint);
  const pushManager = {
    getSubscription: async () => current,
    subscribe: async options => {
      log.push(["subscribe", options.userVisibleOnly, Buffer.from(options.applicationServerKey).toString("base64url")]);
      if (subscribeError) throw subscribeError;
      // As Chromium: "Subscription failed - no active Service Worker".
      if (!registration.active && installing.state !== "activated") throw Object.assign(new Error("no active Service Worker"), { name: "AbortError" });
      return (current = subscription(options.applicationServerKey));
    },
  };
  const installing = { state: "installing", listeners: [], addEventListener(_, f) { this.listeners.push(f); } };
  const registration = { active: active ? {} : null, installing: active ? null : installing, waiting: null, pushManager };
  const navigator = { serviceWorker: {
    register: async url => { log.push(["register", url]); if (!active) setTimeout(() => { installing.state = installsAs; installing.listeners.forEach(f => f()); }, 5); return registration; },
    getRegistration: async url => { log.push(["getRegistration", url]); return registration; },
  } };
  const Notification = { permission, requestPermission: async () => { log.push(["requestPermission"]); return answer; } };
  return { log, globals: { navigator, PushManager: function PushManager() {}, Notification } };
}

let saved;
function install(globals) {
  for (const [name, value] of Object.entries(globals)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
}
beforeEach(() => { saved = ["navigator", "PushManager", "Notification"].map(name => [name, Object.getOwnPropertyDescriptor(globalThis, name)]); });
afterEach(() => {
  for (const [name, descriptor] of saved) {
    if (descriptor) Object.defineProperty(globalThis, name, descriptor); else delete globalThis[name];
  }
});

/** A fake Fairdrop: the VAPID key and the webpush endpoints under the channel; requests logged with their token. */
function fakeFairdrop(answers = {}) {
  const requests = [];
  const fetch = async (url, init = {}) => {
    const path = url.replace("https://fd.example/api/v1/sdk/channels/c-1", "");
    requests.push({ method: init.method ?? "GET", path, token: init.headers?.["X-Fairdrop-User-Token"], body: init.body && JSON.parse(init.body) });
    if (answers[path]) return answers[path]();
    if (path === "/webpush/vapid-public-key") return json(200, { applicationServerKey: vapidKey });
    if (path === "/webpush" && init.method === "POST") return json(201, { id: "s-1", endpoint: JSON.parse(init.body).endpoint, device: "phone", createdAt: "t", updatedAt: "t" });
    if (path === "/webpush" && init.method === "DELETE") return json(204);
    return json(404, { code: "not_found" });
  };
  return { requests, client: init({ channelId: "c-1", userToken: "t.o.k", baseUrl: "https://fd.example", fetch }) };
}

test("enablePush asks, registers the worker, subscribes with the channel's VAPID key and stores the subscription", async () => {
  const browser = fakeBrowser({ permission: "default", answer: "granted" });
  install(browser.globals);
  const { client, requests } = fakeFairdrop();

  const device = await client.enablePush({ device: "phone" });

  assert.deepEqual(browser.log, [["requestPermission"], ["register", "/fairdrop-sw.js"], ["subscribe", true, vapidKey]]);
  assert.deepEqual(requests, [
    { method: "GET", path: "/webpush/vapid-public-key", token: "t.o.k", body: undefined },
    { method: "POST", path: "/webpush", token: "t.o.k", body: { endpoint: "https://push.example.net/sub-1", expirationTime: null, keys: { p256dh: "p256", auth: "auth" }, device: "phone" } },
  ]);
  assert.equal(device.id, "s-1");
});

test("enablePush waits for a first worker to activate before subscribing", async () => {
  const browser = fakeBrowser({ active: false });
  install(browser.globals);
  const { client } = fakeFairdrop();

  const device = await client.enablePush({ serviceWorkerUrl: "/static/sw.js" });

  assert.deepEqual(browser.log, [["register", "/static/sw.js"], ["subscribe", true, vapidKey]]);
  assert.equal(device.endpoint, "https://push.example.net/sub-1");
});

test("enablePush reuses a subscription made with the same key", async () => {
  const browser = fakeBrowser({ existing: { key: base64UrlToBytes(vapidKey), endpoint: "https://push.example.net/kept" } });
  install(browser.globals);
  const { client, requests } = fakeFairdrop();

  await client.enablePush();

  assert.deepEqual(browser.log, [["register", "/fairdrop-sw.js"]]); // no second subscribe, no unsubscribe
  assert.equal(requests.at(-1).body.endpoint, "https://push.example.net/kept");
});

test("a worker that fails to install is service_worker_failed, and nothing is subscribed", async () => {
  const browser = fakeBrowser({ active: false, installsAs: "redundant" });
  install(browser.globals);
  const { client, requests } = fakeFairdrop();

  await assert.rejects(client.enablePush(), e => e instanceof FairdropError && e.code === "service_worker_failed");
  assert.deepEqual(browser.log, [["register", "/fairdrop-sw.js"]]);
  assert.deepEqual(requests, []);
});

test("enablePush replaces a subscription made with another key", async () => {
  const browser = fakeBrowser({ existing: { key: new Uint8Array(65).fill(4), endpoint: "https://push.example.net/old" } });
  install(browser.globals);
  const { client } = fakeFairdrop();

  await client.enablePush();

  assert.deepEqual(browser.log.slice(1), [["unsubscribe", "https://push.example.net/old"], ["subscribe", true, vapidKey]]);
});

test("enablePush without service workers or PushManager is push_unsupported, and asks nothing", async () => {
  const browser = fakeBrowser();
  install({ ...browser.globals, PushManager: undefined });
  delete globalThis.PushManager;
  const { client, requests } = fakeFairdrop();

  await assert.rejects(client.enablePush(), e => e instanceof FairdropError && e.code === "push_unsupported" && e.status === 0);
  install({ navigator: {}, PushManager: function PushManager() {} });
  await assert.rejects(client.enablePush(), e => e instanceof FairdropError && e.code === "push_unsupported");
  assert.deepEqual(browser.log, []);
  assert.deepEqual(requests, []);
});

test("a blocked or dismissed prompt stops enablePush before the worker is registered", async () => {
  for (const [permission, answer, code] of [["denied", "denied", "permission_denied"], ["default", "denied", "permission_denied"], ["default", "default", "permission_dismissed"]]) {
    const browser = fakeBrowser({ permission, answer });
    install(browser.globals);
    const { client, requests } = fakeFairdrop();
    await assert.rejects(client.enablePush(), e => e instanceof FairdropError && e.code === code, `${permission} → ${answer}`);
    assert.equal(browser.log.some(([what]) => what === "register"), false);
    assert.deepEqual(requests, []);
  }
});

test("the push service's NotAllowedError is permission_denied, and nothing is stored", async () => {
  const browser = fakeBrowser({ subscribeError: Object.assign(new Error("Registration failed - permission denied"), { name: "NotAllowedError" }) });
  install(browser.globals);
  const { client, requests } = fakeFairdrop();

  await assert.rejects(client.enablePush(), e => e instanceof FairdropError && e.code === "permission_denied");
  assert.deepEqual(requests.map(r => r.method), ["GET"]);
});

test("Fairdrop's refusal (no recipient for this user) surfaces with its code", async () => {
  install(fakeBrowser().globals);
  const { client } = fakeFairdrop({ "/webpush": () => json(404, { code: "recipient_not_bound", detail: "No recipient of this shop has contacts.inAppUserId 'u1'." }) });

  await assert.rejects(client.enablePush(), e => e instanceof FairdropError && e.status === 404 && e.code === "recipient_not_bound");
});

test("disablePush tells Fairdrop the endpoint, then unsubscribes the browser", async () => {
  const browser = fakeBrowser({ existing: { key: base64UrlToBytes(vapidKey), endpoint: "https://push.example.net/sub-9" } });
  install(browser.globals);
  const { client, requests } = fakeFairdrop();

  assert.equal(await client.disablePush(), true);

  assert.deepEqual(requests, [{ method: "DELETE", path: "/webpush", token: "t.o.k", body: { endpoint: "https://push.example.net/sub-9" } }]);
  assert.deepEqual(browser.log, [["getRegistration", "/fairdrop-sw.js"], ["unsubscribe", "https://push.example.net/sub-9"]]);
});

test("disablePush unsubscribes the browser even when Fairdrop refuses, and reports the refusal", async () => {
  const browser = fakeBrowser({ existing: { key: base64UrlToBytes(vapidKey) } });
  install(browser.globals);
  const { client } = fakeFairdrop({ "/webpush": () => json(401, { code: "invalid_token" }) });

  await assert.rejects(client.disablePush(), e => e instanceof FairdropError && e.code === "invalid_token");
  assert.deepEqual(browser.log.at(-1), ["unsubscribe", "https://push.example.net/sub-1"]);
});

test("disablePush without a subscription is false and asks Fairdrop nothing", async () => {
  install(fakeBrowser().globals);
  const { client, requests } = fakeFairdrop();

  assert.equal(await client.disablePush(), false);
  assert.deepEqual(requests, []);
});

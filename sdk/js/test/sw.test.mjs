import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const script = readFileSync(new URL("../dist/fairdrop-sw.js", import.meta.url), "utf8");

/** Runs the built worker as a browser would (a classic script) against a fake ServiceWorkerGlobalScope. */
function startWorker(openWindows = []) {
  const listeners = {};
  const calls = [];
  const self = {
    addEventListener: (type, listener) => { listeners[type] = listener; },
    registration: {
      scope: "https://shop.example/",
      showNotification: async (title, options) => { calls.push(["showNotification", title, options]); },
    },
    clients: {
      matchAll: async options => { calls.push(["matchAll", options]); return openWindows.map(url => ({ url, focus: async () => { calls.push(["focus", url]); } })); },
      openWindow: async url => { calls.push(["openWindow", url]); },
    },
  };
  vm.runInNewContext(script, { self, URL });
  const dispatch = async (type, event) => {
    const pending = [];
    listeners[type]({ ...event, waitUntil: promise => pending.push(promise) });
    await Promise.all(pending);
  };
  return { calls, dispatch, listeners };
}

// Objects made inside the worker's context have that context's prototypes: compare them as JSON.
const plain = value => JSON.parse(JSON.stringify(value));
const message = (payload) => ({ json: () => JSON.parse(payload), text: () => payload });

test("the worker listens for push and notificationclick only", () => {
  assert.deepEqual(Object.keys(startWorker().listeners).sort(), ["notificationclick", "push"]);
});

test("a push shows the payload's notification, tagged with the delivery id", async () => {
  const worker = startWorker();
  await worker.dispatch("push", { data: message(JSON.stringify({ deliveryId: "9a", title: "Runner 42 is back", body: "In your size.", url: "https://shop.example/p/42", topic: "restock" })) });
  assert.equal(worker.calls.length, 1);
  const [what, title, options] = worker.calls[0];
  assert.equal(what, "showNotification");
  assert.equal(title, "Runner 42 is back");
  assert.equal(options.body, "In your size.");
  assert.equal(options.tag, "9a");
  assert.equal(options.data.url, "https://shop.example/p/42");
});

test("a push that is not JSON, or has no data, is still shown", async () => {
  const worker = startWorker();
  await worker.dispatch("push", { data: message("plain words") });
  await worker.dispatch("push", { data: null });
  assert.deepEqual(worker.calls.map(([, title, options]) => [title, options.body]), [["shop.example", "plain words"], ["shop.example", ""]]);
});

test("a click focuses a window already showing the URL", async () => {
  const worker = startWorker(["https://shop.example/", "https://shop.example/p/42"]);
  let closed = false;
  await worker.dispatch("notificationclick", { notification: { data: { url: "https://shop.example/p/42" }, close: () => { closed = true; } } });
  assert.equal(closed, true);
  assert.deepEqual(plain(worker.calls), [["matchAll", { type: "window", includeUncontrolled: true }], ["focus", "https://shop.example/p/42"]]);
});

test("a click opens the URL when no window shows it, and the site when the notification has none", async () => {
  const worker = startWorker(["https://shop.example/"]);
  await worker.dispatch("notificationclick", { notification: { data: { url: "https://shop.example/p/42" }, close() {} } });
  await worker.dispatch("notificationclick", { notification: { data: null, close() {} } });
  assert.deepEqual(worker.calls.filter(([what]) => what !== "matchAll"), [["openWindow", "https://shop.example/p/42"], ["focus", "https://shop.example/"]]);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { init, FairdropError } from "../dist/fairdrop.mjs";

const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

test("the token goes in its header, never in the URL, and paths name the channel", async () => {
  const seen = [];
  const client = init({ channelId: "c-1", userToken: "t.o.k", baseUrl: "https://fd.example/", fetch: async (url, init) => {
    seen.push({ url, token: init.headers["X-Fairdrop-User-Token"] });
    return json(200, { items: [{ id: "m1", readAt: null }], next: null });
  } });
  assert.equal(await client.unreadCount(), 1);
  assert.deepEqual(seen, [{ url: "https://fd.example/api/v1/sdk/channels/c-1/inbox?limit=1000&unread=true", token: "t.o.k" }]);
});

test("a refusal surfaces the problem's code", async () => {
  const client = init({ channelId: "c", userToken: "bad", fetch: async () => json(401, { code: "invalid_token", detail: "The shopper token's signature does not match." }) });
  await assert.rejects(client.inbox(), e => e instanceof FairdropError && e.status === 401 && e.code === "invalid_token");
});

test("a reply retried after a network failure keeps its key, so it is stored once", async () => {
  const bodies = [];
  let calls = 0;
  const client = init({ channelId: "c", userToken: "t", fetch: async (url, init) => {
    bodies.push(JSON.parse(init.body));
    if (++calls === 1) throw new TypeError("network down");
    return json(201, { id: "r1", replyKey: bodies[0].replyKey, text: "YES" });
  } });
  const reply = await client.reply("YES");
  assert.equal(reply.id, "r1");
  assert.equal(bodies.length, 2);
  assert.equal(bodies[0].replyKey, bodies[1].replyKey);
});

test("the stream reconnects after a drop and resumes after the last message seen", async () => {
  const requests = [];
  const streams = [
    "event: ready\ndata: {}\n\nid: m1\nevent: message\ndata: {\"id\":\"m1\"}\n\n",
    "event: ready\ndata: {}\n\nid: m2\nevent: message\ndata: {\"id\":\"m2\"}\n\n",
  ];
  const client = init({ channelId: "c", userToken: "t", fetch: async (url, init) => {
    requests.push(init.headers["Last-Event-ID"]);
    const text = streams.shift();
    if (text === undefined) return new Promise(() => {}); // the third connection stays open
    return new Response(text, { status: 200, headers: { "Content-Type": "text/event-stream" } });
  } });
  const received = [];
  const done = new Promise(resolve => {
    const subscription = client.subscribe(m => { received.push(m.id); if (received.length === 2) { subscription.close(); resolve(); } });
  });
  await done;
  assert.deepEqual(received, ["m1", "m2"]);
  assert.deepEqual(requests, [undefined, "m1"]);
});

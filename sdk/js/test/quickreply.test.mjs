import { test } from "node:test";
import assert from "node:assert/strict";
import { init, quickReplyKey } from "../dist/fairdrop.mjs";

const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

/** A fake server: the inbox holds one two-way step, and replies are stored once per replyKey as the real one does. */
function fakeServer() {
  const stored = new Map();
  const posts = [];
  const fetch = async (url, init = {}) => {
    if (url.endsWith("/inbox?limit=1000")) {
      return json(200, { items: [
        { id: "m-1", title: "Runner 42 is back", body: "Hold a pair?", createdAt: "2026-12-07T10:00:00Z", readAt: null, quickReplies: ["Hold my pair", "No thanks"] },
        { id: "m-0", title: "From an older server", body: "", createdAt: "2026-12-06T10:00:00Z", readAt: null },
      ], next: null });
    }
    if (url.endsWith("/replies") && init.method === "POST") {
      const body = JSON.parse(init.body);
      posts.push(body);
      const created = !stored.has(body.replyKey);
      if (created) stored.set(body.replyKey, { id: `r-${stored.size + 1}`, ...body, createdAt: "2026-12-07T10:01:00Z" });
      return json(created ? 201 : 200, stored.get(body.replyKey));
    }
    return json(404, { code: "not_found" });
  };
  return { fetch, stored, posts };
}

test("FNV-1a 64 known vectors make the quick reply key", () => {
  assert.equal(quickReplyKey("m", ""), "qr:m:cbf29ce484222325");
  assert.equal(quickReplyKey("m", "a"), "qr:m:af63dc4c8601ec8c");
  assert.equal(quickReplyKey("m", "foobar"), "qr:m:85944171f73967e8");
});

test("a quick reply answers its message with the label, and a double tap is stored once", async () => {
  const server = fakeServer();
  const client = init({ channelId: "c", userToken: "t", fetch: server.fetch });
  const [step, older] = await client.inbox();
  assert.deepEqual(step.quickReplies, ["Hold my pair", "No thanks"]);
  assert.equal(older.quickReplies, undefined);

  const first = await client.quickReply(step, step.quickReplies[0]);
  const second = await client.quickReply(step, step.quickReplies[0]);

  assert.equal(server.posts.length, 2);
  assert.deepEqual(server.posts[0], { replyKey: quickReplyKey("m-1", "Hold my pair"), inReplyTo: "m-1", text: "Hold my pair" });
  assert.deepEqual(server.posts[1], server.posts[0]);
  assert.equal(server.stored.size, 1);
  assert.equal(second.id, first.id);
});

test("different labels and different messages get different keys", async () => {
  const server = fakeServer();
  const client = init({ channelId: "c", userToken: "t", fetch: server.fetch });
  await client.quickReply({ id: "m-1" }, "Hold my pair");
  await client.quickReply({ id: "m-1" }, "No thanks");
  await client.quickReply({ id: "m-2" }, "Hold my pair");
  assert.equal(new Set(server.posts.map(p => p.replyKey)).size, 3);
  assert.equal(server.stored.size, 3);
});

test("a given replyKey is used as it is", async () => {
  const server = fakeServer();
  const client = init({ channelId: "c", userToken: "t", fetch: server.fetch });
  await client.quickReply({ id: "m-1" }, "No thanks", { replyKey: "mine-1" });
  assert.equal(server.posts[0].replyKey, "mine-1");
});

test("a quick reply retried after a network failure keeps its key, so it is stored once", async () => {
  const server = fakeServer();
  let calls = 0;
  const client = init({ channelId: "c", userToken: "t", fetch: async (url, init) => {
    const answer = await server.fetch(url, init); // the first request reaches the server; its answer is lost
    if (++calls === 1) throw new TypeError("network down");
    return answer;
  } });
  const reply = await client.quickReply({ id: "m-1" }, "Hold my pair");
  assert.equal(server.posts.length, 2);
  assert.equal(server.stored.size, 1);
  assert.equal(reply.text, "Hold my pair");
});

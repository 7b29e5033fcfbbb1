import { test } from "node:test";
import assert from "node:assert/strict";
import { SseParser } from "../dist/fairdrop.mjs";

test("events split across chunks and line endings come out whole", () => {
  const parser = new SseParser();
  const stream = "event: ready\ndata: {\"userId\":\"u1\"}\n\n: keep-alive\r\nid: m1\r\nevent: message\r\ndata: line one\r\ndata: line two\r\n\r\n";
  const events = [];
  for (let i = 0; i < stream.length; i += 3) events.push(...parser.push(stream.slice(i, i + 3)));
  assert.deepEqual(events, [
    { event: "ready", data: "{\"userId\":\"u1\"}", id: undefined },
    { event: "message", data: "line one\nline two", id: "m1" },
  ]);
  assert.equal(parser.lastEventId, "m1");
});

test("an event without data is not dispatched, and its id still counts for resuming", () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push("id: 7\n\n"), []);
  assert.equal(parser.lastEventId, "7");
  assert.deepEqual(parser.push("data\n\n"), [{ event: "message", data: "", id: undefined }]);
});

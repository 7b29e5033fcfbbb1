import { test } from "node:test";
import assert from "node:assert/strict";
import { smsOptIn, FairdropError } from "../dist/fairdrop.mjs";

const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const accepted = { status: "accepted", message: "If the number can join, it gets a text asking to reply Y; nothing else is sent until it does." };

test("smsOptIn posts to the program's public opt-in with the publishable key in its header, never an Authorization", async () => {
  const seen = [];
  const receipt = await smsOptIn({
    baseUrl: "https://fd.example/", publishableKey: "pk_1", programId: "0194/x", phone: "+1 650 253 0000", consentText: "Text me drops",
    pageUrl: "https://shop.example/sms", referralCode: "K7Q2MXC",
    fetch: async (url, init) => { seen.push({ url, init }); return json(202, accepted); },
  });
  assert.deepEqual(receipt, accepted);
  assert.equal(seen[0].url, "https://fd.example/api/v1/public/sms-programs/0194%2Fx/opt-ins");
  assert.equal(seen[0].init.method, "POST");
  assert.equal(seen[0].init.headers["X-Fairdrop-Publishable-Key"], "pk_1");
  assert.equal(seen[0].init.headers.Authorization, undefined);
  assert.deepEqual(JSON.parse(seen[0].init.body), { phone: "+1 650 253 0000", consentText: "Text me drops", pageUrl: "https://shop.example/sms", referralCode: "K7Q2MXC" });
});

test("in a page, the page's address and its ?ref= fill pageUrl and referralCode", async () => {
  globalThis.location = { href: "https://shop.example/join?ref=ABCDEFG" };
  try {
    let body;
    await smsOptIn({ publishableKey: "pk_1", programId: "p", phone: "+16502530000", consentText: "Yes", fetch: async (url, init) => { body = JSON.parse(init.body); return json(202, accepted); } });
    assert.deepEqual(body, { phone: "+16502530000", consentText: "Yes", pageUrl: "https://shop.example/join?ref=ABCDEFG", referralCode: "ABCDEFG" });
  } finally {
    delete globalThis.location;
  }
});

test("a refused number surfaces the problem's status, code and field", async () => {
  const fetch = async () => json(400, { code: "validation_failed", field: "phone", detail: "phone is not a valid mobile number." });
  await assert.rejects(
    smsOptIn({ publishableKey: "pk_1", programId: "p", phone: "555-12", consentText: "Yes", pageUrl: "https://shop.example/", fetch }),
    e => e instanceof FairdropError && e.status === 400 && e.code === "validation_failed" && e.field === "phone");
});

test("an origin off the shop's list is a 403 with its code", async () => {
  const fetch = async () => json(403, { code: "sms_origin_not_allowed", detail: "The origin is not on this shop's allow-list." });
  await assert.rejects(
    smsOptIn({ publishableKey: "pk_1", programId: "p", phone: "+16502530000", consentText: "Yes", pageUrl: "https://evil.example/", fetch }),
    e => e instanceof FairdropError && e.status === 403 && e.code === "sms_origin_not_allowed" && e.field === undefined);
});

import { problem } from "./errors.js";

/** A shopper's sign-up to a shop's SMS alerts, from the storefront (the publishable key, never an API key). */
export interface SmsOptInOptions {
  /** Where Fairdrop is served; the page's own origin when absent. */
  baseUrl?: string;
  /** The storefront's publishable key (GET /api/v1/restock/settings); this page's origin must be on the shop's allow-list. */
  publishableKey: string;
  /** The SMS program's id. */
  programId: string;
  /** The mobile number as the shopper typed it; Fairdrop normalises it to E.164 or refuses it (400, field "phone"). */
  phone: string;
  /** The consent wording the form showed next to its checkbox, word for word: it goes on the consent record. */
  consentText: string;
  /** The form's page; this page's address when absent. */
  pageUrl?: string;
  /** A forwarded referral code; the page's ?ref= when absent, so a shop's own form can be the referral link's target. */
  referralCode?: string;
  /** For tests and other runtimes: the fetch to use. */
  fetch?: typeof fetch;
}

/** Fairdrop's one answer to a sign-up: the same whether the number is new or subscribed already, so a page cannot tell. */
export interface SmsOptInReceipt {
  status: "accepted";
  message: string;
}

/**
 * Asks for the shopper's number to join the program: Fairdrop texts it a confirmation request and nothing else until
 * the shopper replies Y. A refusal is a FairdropError: 400 validation_failed with field (phone, consentText, pageUrl),
 * 401 unauthorized (not a publishable key), 403 sms_origin_not_allowed, 404 sms_program_not_found, 429 rate_limited.
 */
export async function smsOptIn(options: SmsOptInOptions): Promise<SmsOptInReceipt> {
  const send = options.fetch ?? globalThis.fetch.bind(globalThis);
  const page = (globalThis as { location?: { href: string } }).location?.href;
  const referralCode = options.referralCode ?? (page ? new URL(page).searchParams.get("ref") ?? undefined : undefined);
  const url = `${(options.baseUrl ?? "").replace(/\/$/, "")}/api/v1/public/sms-programs/${encodeURIComponent(options.programId)}/opt-ins`;
  const response = await send(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Fairdrop-Publishable-Key": options.publishableKey },
    body: JSON.stringify({ phone: options.phone, consentText: options.consentText, pageUrl: options.pageUrl ?? page, referralCode }),
  });
  if (!response.ok) throw await problem(response);
  return (await response.json()) as SmsOptInReceipt;
}

import { FairdropClient, type FairdropOptions } from "./client.js";

export { FairdropClient, FairdropError, notifyMe, quickReplyKey } from "./client.js";
export type { FairdropOptions, InboxMessage, Reply, SeriesOutcome, Subscription } from "./client.js";
export { base64UrlToBytes } from "./push.js";
export type { PushDevice, PushOptions } from "./push.js";
export { pushNotification } from "./notification.js";
export type { PushNotification, PushPayload } from "./notification.js";
export { smsOptIn } from "./sms.js";
export type { SmsOptInOptions, SmsOptInReceipt } from "./sms.js";
export { SseParser } from "./sse.js";
export type { SseEvent } from "./sse.js";

/** Fairdrop.init({channelId, userToken}): the in-app channel of the signed-in end user. */
export function init(options: FairdropOptions): FairdropClient {
  return new FairdropClient(options);
}

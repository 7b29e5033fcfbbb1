import { FairdropClient, FairdropError, init, notifyMe, quickReplyKey, smsOptIn } from "./index.js";

// The script-tag bundle: window.Fairdrop.init({...}).
(globalThis as unknown as { Fairdrop: unknown }).Fairdrop = { init, notifyMe, smsOptIn, quickReplyKey, FairdropClient, FairdropError };

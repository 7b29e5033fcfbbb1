import { FairdropClient, FairdropError, init, notifyMe } from "./index.js";

// The script-tag bundle: window.Fairdrop.init({...}).
(globalThis as unknown as { Fairdrop: unknown }).Fairdrop = { init, notifyMe, FairdropClient, FairdropError };

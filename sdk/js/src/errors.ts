/**
 * An error from Fairdrop, with the problem's stable code (for example invalid_token or origin_not_allowed). Errors the
 * browser raises before or without asking Fairdrop (push_unsupported, permission_denied, …) have status 0.
 */
export class FairdropError extends Error {
  /** The field a 400 names (for example "phone"), when it names one. */
  constructor(readonly status: number, readonly code: string | undefined, message: string, readonly field?: string) {
    super(message);
    this.name = "FairdropError";
  }
}

/** The FairdropError for a refused response: its problem's code and detail when the body is a problem. */
export async function problem(response: Response): Promise<FairdropError> {
  try {
    const body = (await response.json()) as { code?: string; detail?: string; title?: string; field?: string };
    return new FairdropError(response.status, body.code, body.detail ?? body.title ?? `HTTP ${response.status}`, body.field);
  } catch {
    return new FairdropError(response.status, undefined, `HTTP ${response.status}`);
  }
}

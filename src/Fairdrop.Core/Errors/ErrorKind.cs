namespace Fairdrop.Core.Errors;

/// <summary>What sort of failure an <see cref="Error"/> is; the API answers each kind with one status (<see cref="ErrorKinds.Status"/>).</summary>
public enum ErrorKind
{
    /// <summary>The request cannot be read: malformed JSON, a bad form, a missing part (400).</summary>
    BadRequest,

    /// <summary>A field has a value the rules refuse; the error names the field (400).</summary>
    Validation,

    /// <summary>The caller did not prove who it is: no key, an unknown key, a bad or expired shopper token (401).</summary>
    Unauthorized,

    /// <summary>The caller is known, or has signed the request, but may not do this: a role, an origin, a webhook signature (403).</summary>
    Forbidden,

    /// <summary>The thing named does not exist for this caller (404).</summary>
    NotFound,

    /// <summary>The request clashes with the current state: already done, already running, sold out (409).</summary>
    Conflict,

    /// <summary>The body is larger than the endpoint accepts (413).</summary>
    PayloadTooLarge,

    /// <summary>The body's media type or charset is not one the endpoint reads (415).</summary>
    UnsupportedMediaType,

    /// <summary>Well-formed and understood, but refused for what it points at or when it comes: a non-public destination, a closed window (422).</summary>
    Unprocessable,

    /// <summary>Too many requests; <see cref="Error.RetryAfter"/> says when to try again (429).</summary>
    RateLimited,

    /// <summary>A dependency (the database) cannot serve the request now; trying again later may work (503).</summary>
    Unavailable,

    /// <summary>A bug or broken infrastructure; never expected, so it carries no detail (500).</summary>
    Internal,
}

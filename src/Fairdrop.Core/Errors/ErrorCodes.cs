namespace Fairdrop.Core.Errors;

/// <summary>Stable, documented error codes carried by every problem details response as <c>code</c>.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string MalformedJson = "malformed_json";
    public const string BadRequest = "bad_request";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string Conflict = "conflict";
    public const string InvalidSignature = "invalid_signature";
    public const string InvalidToken = "invalid_token";

    /// <summary>A storefront call that must prove its shopper (a shopper token) came without one.</summary>
    public const string ShopperTokenRequired = "shopper_token_required";
    public const string InvalidPhone = "invalid_phone";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string RateLimited = "rate_limited";
    public const string DatabaseUnavailable = "database_unavailable";
    public const string InternalError = "internal_error";
    public const string InvalidPushSubscription = "invalid_push_subscription";

    /// <summary>A well-formed URL whose destination is not public (loopback, private, link-local, metadata…) and not allow-listed.</summary>
    public const string ForbiddenDestination = "forbidden_destination";

    /// <summary>The code a bare status code stands for, when nothing more specific is known.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        422 => ValidationFailed,
        429 => RateLimited,
        503 => DatabaseUnavailable,
        _ => status >= 500 ? InternalError : BadRequest,
    };
}

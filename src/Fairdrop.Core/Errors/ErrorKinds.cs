namespace Fairdrop.Core.Errors;

/// <summary>
/// The one map from an error's kind to its HTTP status, and the kind each of <see cref="ErrorCodes"/> has unless its
/// error says otherwise. Modules give their own codes a kind where they build the error (see <c>BatchErrors</c>).
/// </summary>
public static class ErrorKinds
{
    /// <summary>The HTTP status an error of this kind is answered with.</summary>
    public static int Status(this ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest or ErrorKind.Validation => 400,
        ErrorKind.Unauthorized => 401,
        ErrorKind.Forbidden => 403,
        ErrorKind.NotFound => 404,
        ErrorKind.Conflict => 409,
        ErrorKind.PayloadTooLarge => 413,
        ErrorKind.UnsupportedMediaType => 415,
        ErrorKind.Unprocessable => 422,
        ErrorKind.RateLimited => 429,
        ErrorKind.Unavailable => 503,
        ErrorKind.Internal => 500,
        _ => 400,
    };

    /// <summary>
    /// The kind an error with this code has when its builder did not choose one. A webhook signature that does not
    /// match is <see cref="ErrorKind.Forbidden"/> (403), for every webhook: the sender did present its credential (the
    /// signature), which is refused; 401 would oblige us to send a <c>WWW-Authenticate</c> challenge, and no HTTP
    /// authentication scheme exists for a body HMAC. Any other code is a <see cref="ErrorKind.BadRequest"/>.
    /// </summary>
    public static ErrorKind Of(string code) => code switch
    {
        ErrorCodes.ValidationFailed or ErrorCodes.InvalidPhone or ErrorCodes.InvalidPushSubscription => ErrorKind.Validation,
        ErrorCodes.Unauthorized or ErrorCodes.ShopperTokenRequired => ErrorKind.Unauthorized,
        ErrorCodes.Forbidden or ErrorCodes.InvalidSignature => ErrorKind.Forbidden,
        ErrorCodes.NotFound => ErrorKind.NotFound,
        ErrorCodes.Conflict => ErrorKind.Conflict,
        ErrorCodes.PayloadTooLarge => ErrorKind.PayloadTooLarge,
        ErrorCodes.UnsupportedMediaType => ErrorKind.UnsupportedMediaType,
        ErrorCodes.ForbiddenDestination => ErrorKind.Unprocessable,
        ErrorCodes.RateLimited => ErrorKind.RateLimited,
        ErrorCodes.DatabaseUnavailable => ErrorKind.Unavailable,
        ErrorCodes.InternalError => ErrorKind.Internal,
        _ => ErrorKind.BadRequest,
    };
}

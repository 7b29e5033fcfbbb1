using Fairdrop.Core.Errors;
using Fairdrop.Drops.Model;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fairdrop.Api.Drops;

/// <summary>
/// Maps drop refusals to statuses: conflicts (sold out, used, duplicate) are 409, bad sale tokens 403, timing 422,
/// a missing or bad shopper token 401, unverified entries over their limit 429.
/// </summary>
internal static class DropProblems
{
    public static ProblemHttpResult From(Error error)
    {
        var status = error.Code switch
        {
            DropErrors.SoldOut or DropErrors.DuplicateEntry or DropErrors.TokenUsed => StatusCodes.Status409Conflict,
            DropErrors.TokenInvalid or DropErrors.TokenExpired or DropErrors.TokenNotYours or DropErrors.PriorityCodeInvalid => StatusCodes.Status403Forbidden,
            DropErrors.WindowNotOpen or DropErrors.Closed => StatusCodes.Status422UnprocessableEntity,
            ErrorCodes.InvalidToken or ErrorCodes.ShopperTokenRequired => StatusCodes.Status401Unauthorized,
            ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
            _ => 0,
        };
        return status == 0
            ? Problems.From(error)
            : TypedResults.Problem(detail: error.Message, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = error.Code });
    }
}

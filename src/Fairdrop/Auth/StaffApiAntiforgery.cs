using Fairdrop.Core.Errors;
using Fairdrop.Hosting;
using Fairdrop.MerchantConsole.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Auth;

/// <summary>
/// A staff session calls the API with its cookie, which a browser would also send from another site's form: so a call
/// that changes state must carry the antiforgery token in a header (the console's script does). API keys are not
/// cookies and need none.
/// </summary>
internal sealed class StaffApiAntiforgery(RequestDelegate next, IAntiforgery antiforgery)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: ConsoleAuthentication.Scheme }
            && !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
            && !await antiforgery.IsRequestValidAsync(context))
        {
            await Problems.Write(context, StatusCodes.Status400BadRequest, "antiforgery_failed", "A staff session must send its antiforgery token in the X-Fairdrop-Antiforgery header.");
            return;
        }

        await next(context);
    }
}

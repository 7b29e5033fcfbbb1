using Fairdrop.Core.Staff;
using Fairdrop.MerchantConsole.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.MerchantConsole;

/// <summary>The console's few non-page endpoints: assets, live figures (polled by console.js), and signing out.</summary>
internal static class ConsoleEndpoints
{
    private static readonly IResult MissingToken = Results.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "The form's antiforgery token is missing or invalid.", extensions: new Dictionary<string, object?> { ["code"] = "antiforgery_failed" });

    public static void Map(IEndpointRouteBuilder app)
    {
        var console = app.MapGroup("/console").ExcludeFromDescription();
        console.MapGet("/assets/{name}", (string name, HttpContext context) => ConsoleAssets.Serve(name, context)).AllowAnonymous();
        console.MapGet("/live.json", LiveAsync).RequireAuthorization(ConsolePolicies.Staff);
        console.MapPost("/sign-out", SignOutAsync).RequireAuthorization(ConsolePolicies.Staff);
        console.MapPost("/sign-out-everywhere", SignOutEverywhereAsync).RequireAuthorization(ConsolePolicies.Staff);
    }

    private static async Task<IResult> LiveAsync(HttpContext context, ConsoleQueries queries, Guid? drop, CancellationToken cancellationToken)
    {
        var user = ConsoleUser.From(context.User)!;
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(await queries.LiveAsync(user, drop, cancellationToken));
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return MissingToken;
        }

        await context.SignOutAsync(ConsoleAuthentication.Scheme);
        return Results.Redirect(ConsoleAuthentication.SignInPath);
    }

    private static async Task<IResult> SignOutEverywhereAsync(HttpContext context, IAntiforgery antiforgery, StaffService staff, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return MissingToken;
        }

        var user = ConsoleUser.From(context.User)!;
        await staff.SignOutEverywhereAsync(user.MerchantId, user.UserId, cancellationToken);
        await context.SignOutAsync(ConsoleAuthentication.Scheme);
        return Results.Redirect(ConsoleAuthentication.SignInPath);
    }
}

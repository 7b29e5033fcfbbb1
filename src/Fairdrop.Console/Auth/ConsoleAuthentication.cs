using System.Security.Claims;
using Fairdrop.Core.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.MerchantConsole.Auth;

/// <summary>
/// Staff sessions: an HttpOnly, SameSite=Strict cookie (Secure when the request is https) holding the user, the merchant,
/// the permissions of their role and the security stamp it was issued with. Every request re-reads the user's stamp, so
/// "sign out everywhere", a role change or a removal ends open sessions at once.
/// </summary>
public static class ConsoleAuthentication
{
    public const string Scheme = "Console";
    public const string CookieName = "fairdrop.console";
    public const string SignInPath = "/console/sign-in";

    public static AuthenticationBuilder AddConsoleCookie(this AuthenticationBuilder builder) =>
        builder.AddCookie(Scheme, o =>
        {
            o.LoginPath = SignInPath;
            o.AccessDeniedPath = "/console/denied";
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = ValidateAsync;
            // The API answers with problem details, never a redirect to a sign-in page.
            o.Events.OnRedirectToLogin = context => AnswerApiOr(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => AnswerApiOr(context, StatusCodes.Status403Forbidden);
        });

    /// <summary>The principal of a staff session.</summary>
    public static ClaimsPrincipal Principal(StaffIdentity staff)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.Name, staff.DisplayName),
            new(ClaimTypes.Email, staff.Email),
            new(ClaimTypes.Role, "staff"),
            new(StaffClaims.MerchantId, staff.MerchantId.ToString()),
            new(StaffClaims.UserId, staff.UserId.ToString()),
            new(StaffClaims.Stamp, staff.SecurityStamp),
            new(StaffClaims.Role, staff.Role),
            .. staff.Permissions.Select(p => new Claim(StaffClaims.Permission, p)),
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var user = ConsoleUser.From(context.Principal);
        var current = user is null
            ? null
            : await context.HttpContext.RequestServices.GetRequiredService<StaffService>().CurrentAsync(user.MerchantId, user.UserId, context.HttpContext.RequestAborted);
        if (current is null || current.SecurityStamp != user!.Stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    private static Task AnswerApiOr(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

using Fairdrop.Core.Errors;
using Fairdrop.MerchantConsole.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.MerchantConsole.Components.Shared;

/// <summary>
/// What every signed-in page shares: the user, and the one way a form checks a permission before changing anything
/// (403 and a message, nothing changed) and shows a module's error.
/// </summary>
public abstract class ConsolePage : ComponentBase
{
    [CascadingParameter]
    protected HttpContext HttpContext { get; set; } = default!;

    protected ConsoleUser Staff => ConsoleUser.From(HttpContext.User) ?? throw new InvalidOperationException("The page needs a staff session.");

    protected CancellationToken Aborted => HttpContext.RequestAborted;

    protected string? Failure { get; set; }

    protected string? Done { get; set; }

    /// <summary>False, with a 403 and a message, when the user's role lacks <paramref name="permission"/>.</summary>
    protected bool Allowed(string permission)
    {
        if (Staff.Can(permission))
        {
            return true;
        }

        HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        Failure = $"Your role ({Staff.Role}) may not do this: it needs {permission}. Nothing was changed.";
        return false;
    }

    /// <summary>Shows a module's error by the status the API would answer with.</summary>
    protected void Show(Error error)
    {
        HttpContext.Response.StatusCode = ErrorKinds.Status(error.Kind);
        Failure = error.Field is null ? error.Message : $"{error.Field}: {error.Message}";
    }
}

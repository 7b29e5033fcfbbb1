using Fairdrop.Core.Staff;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Tests.Console;

/// <summary>A signed-in console session of a new staff user of a merchant, with a role, over any instance of the app.</summary>
internal static class StaffSessions
{
    public const string Password = "a long enough password";

    public static async Task<ConsoleSession> SignedInAsync(WebApplicationFactory<Program> app, Guid merchantId, string role)
    {
        var staff = app.Services.GetRequiredService<StaffService>();
        var email = $"{role}-{Guid.NewGuid():N}@shop.test";
        var invited = await staff.InviteAsync(merchantId, email, role, role, null, CancellationToken.None);
        Assert.True(invited.TryGetValue(out var invitation, out var error), error?.Message);
        Assert.True((await staff.AcceptInvitationAsync(invitation.Token, Password, CancellationToken.None)).IsSuccess);
        var session = new ConsoleSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var signedIn = await session.SignInAsync(email, Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.StatusCode);
        return session;
    }
}

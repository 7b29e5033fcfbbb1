using System.Net;
using System.Net.Http.Json;
using Fairdrop.Core.Staff;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Tenancy;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Tests.Console;

/// <summary>Staff sessions against the real app on SQLite and PostgreSQL: sign-in answers, lockout, antiforgery, roles on pages and on the API, tenancy, sign-out everywhere.</summary>
public sealed class ConsoleAuthTests
{
    private const string Password = "a long enough password";

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task SignIn_WrongPasswordAndUnknownEmail_GetTheSameAnswer_AndFiveFailuresLockTheAccount(StorageProvider provider)
    {
        await using var factory = await FairdropFactory.CreateAsync(provider);
        var (_, _, email) = await StaffAsync(factory, "owner");
        var session = Session(factory);

        var wrong = await session.SignInAsync(email, "not the password");
        var unknown = await session.SignInAsync("nobody@shop.test", "not the password");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(await ConsoleSession.TextOfProblemAsync(wrong), await ConsoleSession.TextOfProblemAsync(unknown));

        for (var i = 0; i < StaffService.MaxFailedAttempts - 1; i++)
        {
            await session.SignInAsync(email, "still wrong");
        }

        var locked = await session.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Equal(await ConsoleSession.TextOfProblemAsync(wrong), await ConsoleSession.TextOfProblemAsync(locked));
    }

    [SkippableFact]
    public async Task SignIn_GoesOnlyToConsolePaths_AndAFormWithoutItsTokenIs400()
    {
        await using var factory = await FairdropFactory.CreateAsync();
        var (_, _, email) = await StaffAsync(factory, "viewer");
        var session = Session(factory);

        var forged = await session.SubmitAsync("/console/sign-in", "sign-in", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var signedIn = await session.SubmitAsync(
            "/console/sign-in?ReturnUrl=https%3A%2F%2Fevil.test%2F", "sign-in", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var target = new Uri(new Uri("http://localhost"), signedIn.Headers.Location!);
        Assert.Equal(("localhost", "/console"), (target.Host, target.AbsolutePath));
    }

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Roles_AreEnforcedOnTheApi_ForStaffSessions_WhileApiKeysKeepWorking(StorageProvider provider)
    {
        await using var factory = await FairdropFactory.CreateAsync(provider);
        var (_, key, email) = await StaffAsync(factory, "viewer");
        var session = await SignedInAsync(factory, email);
        var token = await session.TokenAsync();
        var product = new { products = new[] { new { externalId = "sku-1", title = "One", available = 0 } } };

        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/api/v1/restock/products")).StatusCode);
        using var write = new HttpRequestMessage(HttpMethod.Post, "/api/v1/restock/products") { Content = JsonContent.Create(product) };
        write.Headers.Add("X-Fairdrop-Antiforgery", token);
        Assert.Equal(HttpStatusCode.Forbidden, (await session.Client.SendAsync(write)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await session.Client.GetAsync("/api/v1/merchants")).StatusCode);

        var viaForm = await session.SubmitAsync("/console/settings", "invite", new Dictionary<string, string> { ["Invite.Email"] = "x@shop.test", ["Invite.DisplayName"] = "X", ["Invite.Role"] = "owner" });
        Assert.Equal(HttpStatusCode.Forbidden, viaForm.StatusCode);
        Assert.Single(await factory.Services.GetRequiredService<StaffService>().ListAsync((await MerchantOfAsync(factory, email)), CancellationToken.None));

        using var api = factory.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/v1/restock/products", product)).StatusCode);
    }

    [SkippableFact]
    public async Task StaffSession_OpensAnInboxStream_CountedPerStaffUser()
    {
        await using var factory = await FairdropFactory.CreateAsync();
        var (_, _, email) = await StaffAsync(factory, "support");
        var session = await SignedInAsync(factory, email);

        using var stream = await session.Client.GetAsync("/api/v1/exchange/inbox/shopper-1/stream", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
    }

    [SkippableFact]
    public async Task Operator_MayChangeWithTheToken_ButNotWithoutIt()
    {
        await using var factory = await FairdropFactory.CreateAsync();
        var (_, _, email) = await StaffAsync(factory, "operator");
        var session = await SignedInAsync(factory, email);
        var product = new { products = new[] { new { externalId = "sku-1", title = "One", available = 0 } } };

        var forged = await session.Client.PostAsJsonAsync("/api/v1/restock/products", product);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("antiforgery_failed", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var write = new HttpRequestMessage(HttpMethod.Post, "/api/v1/restock/products") { Content = JsonContent.Create(product) };
        write.Headers.Add("X-Fairdrop-Antiforgery", await session.TokenAsync());
        Assert.Equal(HttpStatusCode.OK, (await session.Client.SendAsync(write)).StatusCode);
    }

    [SkippableFact]
    public async Task Owner_RecordsAnEmployee_AndLinksAStaffUser()
    {
        await using var factory = await FairdropFactory.CreateAsync();
        var (merchantId, _, email) = await StaffAsync(factory, "owner");
        var session = await SignedInAsync(factory, email);

        var saved = await session.SubmitAsync("/console/settings", "employee",
            new Dictionary<string, string> { ["Staffing.EmployeeNumber"] = "E-042", ["Staffing.Department"] = "Support", ["Staffing.Email"] = email });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("linked to", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var staff = factory.Services.GetRequiredService<StaffService>();
        var employee = Assert.Single(await staff.ListEmployeesAsync(merchantId, CancellationToken.None));
        Assert.Equal(("E-042", "Support"), (employee.EmployeeNumber, employee.Department));
        Assert.Equal(employee.Id, Assert.Single(await staff.ListAsync(merchantId, CancellationToken.None)).EmployeeId);
    }

    [SkippableFact]
    public async Task AnotherMerchantsDrop_IsNotFound_OnThePageAndTheApi()
    {
        await using var factory = await FairdropFactory.CreateAsync();
        var (_, otherKey, _) = await StaffAsync(factory, "owner", "other@shop.test");
        var (_, _, email) = await StaffAsync(factory, "owner");
        using var other = factory.CreateClient(otherKey);
        var created = await other.PostAsJsonAsync("/api/v1/drops", new { name = "Theirs", productId = "p", units = 1, opensAt = TimeProvider.System.GetUtcNow().AddHours(1) });
        var dropId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString();
        var session = await SignedInAsync(factory, email);

        var page = await session.Client.GetAsync($"/console/drops/{dropId}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("Theirs", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.GetAsync($"/api/v1/drops/{dropId}")).StatusCode);
    }

    [SkippableFact]
    public async Task SignOutEverywhere_EndsEverySessionOfTheUser_AndAnInvitationWorksOnce()
    {
        await using var factory = await FairdropFactory.CreateAsync();
        var merchant = (await factory.Services.GetRequiredService<MerchantStore>().CreateAsync("Shop", CancellationToken.None)).Merchant;
        var staff = factory.Services.GetRequiredService<StaffService>();
        Assert.True((await staff.InviteAsync(merchant.Id, "olive@shop.test", "Olive", "owner", null, CancellationToken.None)).TryGetValue(out var invitation, out _));
        Assert.True((await staff.AcceptInvitationAsync(invitation.Token, Password, CancellationToken.None)).IsSuccess);
        Assert.False((await staff.AcceptInvitationAsync(invitation.Token, "another long password", CancellationToken.None)).IsSuccess);

        var laptop = await SignedInAsync(factory, "olive@shop.test");
        var phone = await SignedInAsync(factory, "olive@shop.test");
        Assert.Equal(HttpStatusCode.OK, (await phone.Client.GetAsync("/console/restock")).StatusCode);

        var token = await laptop.TokenAsync();
        var signedOut = await laptop.Client.PostAsync("/console/sign-out-everywhere", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        var after = await phone.Client.GetAsync("/console/restock");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/console/sign-in", new Uri(new Uri("http://localhost"), after.Headers.Location!).PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.Client.GetAsync("/api/v1/restock/products")).StatusCode);
    }

    private static ConsoleSession Session(FairdropFactory factory) =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    private static async Task<ConsoleSession> SignedInAsync(FairdropFactory factory, string email)
    {
        var session = Session(factory);
        var response = await session.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return session;
    }

    /// <summary>A merchant with one staff user of <paramref name="role"/> who has accepted their invitation.</summary>
    private static async Task<(Guid MerchantId, string Key, string Email)> StaffAsync(FairdropFactory factory, string role, string email = "staff@shop.test")
    {
        var (merchant, key) = await factory.Services.GetRequiredService<MerchantStore>().CreateAsync("Shop " + email, CancellationToken.None);
        var staff = factory.Services.GetRequiredService<StaffService>();
        Assert.True((await staff.InviteAsync(merchant.Id, email, "Staff", role, null, CancellationToken.None)).TryGetValue(out var invitation, out var error), error?.Message);
        Assert.True((await staff.AcceptInvitationAsync(invitation.Token, Password, CancellationToken.None)).IsSuccess);
        return (merchant.Id, key.Secret, email);
    }

    private static async Task<Guid> MerchantOfAsync(FairdropFactory factory, string email)
    {
        var staff = factory.Services.GetRequiredService<StaffService>();
        return (await staff.SignInAsync(email, Password, CancellationToken.None)).Value!.MerchantId;
    }
}

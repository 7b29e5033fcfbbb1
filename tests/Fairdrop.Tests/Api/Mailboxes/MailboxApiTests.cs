using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Core.Staff;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Tenancy;
using Fairdrop.Tests.Console;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Tests.Api.Mailboxes;

/// <summary>
/// The mailbox API per operation, through the real app: a support agent (rolling 30 days) and an auditor (a fixed
/// quarter) on one mailbox, by staff session and by API key acting as a mailbox user; hidden ids answer like missing ones.
/// </summary>
public sealed class MailboxApiTests
{
    private const string Password = StaffSessions.Password;
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();

    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task EveryOperation_ObeysTheCallersRange(StorageProvider provider)
    {
        await using var factory = await FairdropFactory.CreateAsync(provider);
        var (merchant, key) = await factory.Services.GetRequiredService<MerchantStore>().CreateAsync("Shop", CancellationToken.None);
        var api = factory.CreateClient(key.Secret);
        var support = await StaffAsync(factory, merchant.Id, "support", "agent@shop.test");
        var auditor = await StaffAsync(factory, merchant.Id, "viewer", "auditor@shop.test");

        var created = await api.PostAsJsonAsync("/api/v1/mailbox-admin/accounts", new { kind = "mailbox", name = "Support", address = "support@shop.test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var account = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var ranges = $"/api/v1/mailbox-admin/accounts/{account}/ranges";
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync(ranges, new { subject = "role:support", ranges = new[] { new { kind = "rolling", length = "P30D" } } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync(ranges, new { subject = $"user:{auditor:D}", ranges = new[] { new { kind = "between", start = Now.AddDays(-120), deadline = Now.AddDays(-60) } } })).StatusCode);
        var bad = await api.PutAsJsonAsync(ranges, new { subject = "role:support", ranges = new[] { new { kind = "rolling", length = "PT0S" } } });
        await ValidationAsync(bad, "ranges[0].length");
        var reversed = await api.PutAsJsonAsync(ranges, new { subject = "role:x", ranges = new[] { new { kind = "between", start = Now, deadline = Now.AddDays(-1) } } });
        await ValidationAsync(reversed, "ranges[0].start");

        var old = await AddAsync(api, account, Now.AddDays(-90), "Old refund", "refund from spring");
        var recent = await AddAsync(api, account, Now.AddDays(-2), "New refund", "refund please");

        // API key: no mailbox user → refused; as=role:support → that role's part
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/v1/mailboxes/{account}/messages")).StatusCode);
        var asSupport = await api.GetFromJsonAsync<JsonElement>($"/api/v1/mailboxes/{account}/messages?as=role:support");
        Assert.Equal([recent], Ids(asSupport.GetProperty("items")));
        await ValidationAsync(await api.GetAsync($"/api/v1/mailboxes/{account}/messages?as=team:x"), "as");

        // staff sessions
        var agent = await SignedInAsync(factory, "agent@shop.test");
        var audit = await SignedInAsync(factory, "auditor@shop.test");
        Assert.Equal([recent], Ids((await agent.Client.GetFromJsonAsync<JsonElement>($"/api/v1/mailboxes/{account}/messages")).GetProperty("items")));
        Assert.Equal([old], Ids((await audit.Client.GetFromJsonAsync<JsonElement>($"/api/v1/mailboxes/{account}/messages")).GetProperty("items")));
        Assert.Equal(1, (await agent.Client.GetFromJsonAsync<JsonElement>($"/api/v1/mailboxes/{account}/count")).GetProperty("count").GetInt64());
        var search = await agent.Client.GetFromJsonAsync<JsonElement>($"/api/v1/mailboxes/{account}/search?q=refund");
        Assert.Equal(1, search.GetProperty("total").GetInt64());
        Assert.DoesNotContain("spring", search.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, (await agent.Client.GetFromJsonAsync<JsonElement>($"/api/v1/mailboxes/{account}/count?q=spring")).GetProperty("count").GetInt64());

        // the console page shows the same part, with the active range
        var page = await agent.Client.GetStringAsync($"/console/mailboxes?account={account}");
        Assert.Contains("New refund", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Old refund", page, StringComparison.Ordinal);
        Assert.Contains("role:support", page, StringComparison.Ordinal);
        var auditorPage = await audit.Client.GetStringAsync($"/console/mailboxes?account={account}&q=refund");
        Assert.Contains("Old refund", auditorPage, StringComparison.Ordinal);
        Assert.DoesNotContain("New refund", auditorPage, StringComparison.Ordinal);

        var hidden = await agent.Client.GetAsync($"/api/v1/mailboxes/{account}/messages/{old}");
        var missing = await agent.Client.GetAsync($"/api/v1/mailboxes/{account}/messages/{Guid.CreateVersion7()}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(Normalize(await missing.Content.ReadAsStringAsync()), Normalize(await hidden.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, (await agent.Client.GetAsync($"/api/v1/mailboxes/{account}/messages/{recent}")).StatusCode);

        var csv = await agent.Client.GetStringAsync($"/api/v1/mailboxes/{account}/export?format=csv");
        Assert.Contains(recent.ToString("D"), csv, StringComparison.Ordinal);
        Assert.DoesNotContain(old.ToString("D"), csv, StringComparison.Ordinal);
        var mbox = await audit.Client.GetStringAsync($"/api/v1/mailboxes/{account}/export?format=mbox");
        Assert.Contains(old.ToString("D"), mbox, StringComparison.Ordinal);
        Assert.DoesNotContain(recent.ToString("D"), mbox, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.Client.GetAsync($"/api/v1/mailboxes/{account}/export?format=pdf")).StatusCode);

        // writes by session need the antiforgery header
        var token = await agent.TokenAsync();
        var reply = await SendAsync(agent, HttpMethod.Post, $"/api/v1/mailboxes/{account}/messages/{recent}/reply", token, new { text = "On its way." });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("Re: New refund", (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subject").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(agent, HttpMethod.Post, $"/api/v1/mailboxes/{account}/messages/{old}/reply", token, new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(agent, HttpMethod.Post, $"/api/v1/mailboxes/{account}/messages/{old}/forward", token, new { to = "a@b.test" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(agent, HttpMethod.Post, $"/api/v1/mailboxes/{account}/messages/{recent}/forward", token, new { to = "warehouse@shop.test" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(agent, HttpMethod.Delete, $"/api/v1/mailboxes/{account}/messages/{old}", token, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(agent, HttpMethod.Delete, $"/api/v1/mailboxes/{account}/messages/{recent}", token, null)).StatusCode);

        // the auditor may read but not write (viewer has no mailbox.write), and support may not administer
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(audit, HttpMethod.Delete, $"/api/v1/mailboxes/{account}/messages", await audit.TokenAsync(), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Client.GetAsync("/api/v1/mailbox-admin/audit")).StatusCode);
        await ValidationAsync(await agent.Client.GetAsync($"/api/v1/mailboxes/{account}/messages?as=role:owner"), "as");

        // delete all visible: the auditor's old message is untouched by the agent
        var deleteAll = await SendAsync(agent, HttpMethod.Delete, $"/api/v1/mailboxes/{account}/messages", token, null);
        Assert.Equal(HttpStatusCode.OK, deleteAll.StatusCode);
        Assert.Equal([old], Ids((await audit.Client.GetFromJsonAsync<JsonElement>($"/api/v1/mailboxes/{account}/messages")).GetProperty("items")));

        // the owner's audit log shows accesses and refusals
        var log = await api.GetFromJsonAsync<JsonElement>("/api/v1/mailbox-admin/audit?limit=1000");
        var entries = log.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("operation").GetString(), e.GetProperty("outcome").GetString(), e.GetProperty("actor").GetString())).ToList();
        Assert.Contains(("read", "refused_outside_range", $"user:{support:D}"), entries);
        Assert.Contains(("reply", "ok", $"user:{support:D}"), entries);
        Assert.Contains(entries, e => e.Item1 == "list" && e.Item2 == "refused");
    }

    private static async Task<Guid> AddAsync(HttpClient api, Guid account, DateTimeOffset at, string subject, string body)
    {
        var response = await api.PostAsJsonAsync($"/api/v1/mailbox-admin/accounts/{account}/messages",
            new { at, direction = "in", sender = "Shopper <shopper@example.com>", recipient = "support@shop.test", subject, body });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<HttpResponseMessage> SendAsync(ConsoleSession session, HttpMethod method, string path, string token, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Fairdrop-Antiforgery", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await session.Client.SendAsync(request);
    }

    private static async Task ValidationAsync(HttpResponseMessage response, string field)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    private static List<Guid> Ids(JsonElement items) => items.EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    // A problem's trace id differs per request; everything else must be identical.
    private static string Normalize(string problem) => System.Text.RegularExpressions.Regex.Replace(problem, "\"traceId\":\"[^\"]*\"", string.Empty);

    private static async Task<Guid> StaffAsync(FairdropFactory factory, Guid merchantId, string role, string email)
    {
        var staff = factory.Services.GetRequiredService<StaffService>();
        Assert.True((await staff.InviteAsync(merchantId, email, "Staff", role, null, CancellationToken.None)).TryGetValue(out var invitation, out var error), error?.Message);
        Assert.True((await staff.AcceptInvitationAsync(invitation.Token, Password, CancellationToken.None)).IsSuccess);
        return invitation.User.Id;
    }

    private static async Task<ConsoleSession> SignedInAsync(FairdropFactory factory, string email)
    {
        var session = new ConsoleSession(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        Assert.Equal(HttpStatusCode.Redirect, (await session.SignInAsync(email, Password)).StatusCode);
        return session;
    }
}

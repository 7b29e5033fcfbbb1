using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Tests.Api.Mailboxes;

/// <summary>
/// Conversations in the mailbox API as a merchant meets them, through the real app and its workers: a series message
/// and the shopper's in-app reply arrive in the conversations account by themselves (a campaign does not), and a reply
/// from there reaches the shopper's inbox.
/// </summary>
public sealed class ConversationApiTests
{
    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task SeriesMessageAndReply_ArriveInTheConversationsAccount_AndAnAnswerReachesTheShopper(StorageProvider provider)
    {
        await using var factory = await FairdropFactory.CreateAsync(provider);
        var (_, key) = await factory.Services.GetRequiredService<MerchantStore>().CreateAsync("Shop", CancellationToken.None);
        var api = factory.CreateClient(key.Secret);
        var sender = await JsonAsync(await api.PostAsJsonAsync("/api/v1/exchange/senders", new
        {
            name = "Restock", fromAddress = "alerts@shop.test", rules = new { channels = new[] { "in_app" }, consentRequired = Array.Empty<string>() },
        }));
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/v1/exchange/recipients", new { externalId = "ana", contacts = new { inAppUserId = "ana" } })).StatusCode);
        foreach (var (source, body) in new[] { ("series", "Want a pair?"), ("campaign", "Everything -20%") })
        {
            var sent = await api.PostAsJsonAsync("/api/v1/exchange/distributions", new
            {
                senderId = sender.GetProperty("id").GetGuid(), source, content = new { inApp = new { title = "Trail boot", body } }, audience = new { externalIds = new[] { "ana" } },
                idempotencyKey = source,
            });
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        var inbox = await UntilAsync(api, "/api/v1/exchange/inbox/ana", items => items.GetArrayLength() == 2);
        var offer = inbox.EnumerateArray().Single(m => m.GetProperty("body").GetString() == "Want a pair?").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/exchange/inbox/ana/{offer}/reply", new { body = "Size 42 please", replyId = "tap-1" })).StatusCode);

        var accounts = await api.GetFromJsonAsync<JsonElement>("/api/v1/mailboxes");
        var account = accounts.EnumerateArray().Single(a => a.GetProperty("conversations").GetBoolean()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/v1/mailbox-admin/accounts/{account}/ranges", new { subject = "default", ranges = new[] { new { kind = "rolling", length = "P30D" } } })).StatusCode);
        var fed = await UntilAsync(api, $"/api/v1/mailboxes/{account}/messages?as=default", items => items.GetArrayLength() == 2);
        Assert.Equal(["Size 42 please", "Want a pair?"], fed.EnumerateArray().Select(m => m.GetProperty("body").GetString()));
        Assert.All(fed.EnumerateArray(), m => Assert.Equal("in_app", m.GetProperty("channel").GetString()));

        var question = fed[0].GetProperty("id").GetGuid();
        var answer = await api.PostAsJsonAsync($"/api/v1/mailboxes/{account}/messages/{question}/reply?as=default", new { text = "Held for you until 8 pm." });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await UntilAsync(api, "/api/v1/exchange/inbox/ana", items => items.EnumerateArray().Any(m => m.GetProperty("body").GetString() == "Held for you until 8 pm."));
        Assert.Equal(3, (await api.GetFromJsonAsync<JsonElement>($"/api/v1/mailboxes/{account}/count?as=default")).GetProperty("count").GetInt64());

        // Only an IM account can take the conversations over.
        var mailbox = await JsonAsync(await api.PostAsJsonAsync("/api/v1/mailbox-admin/accounts", new { kind = "mailbox", name = "Support", address = "support@shop.test" }));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PutAsync($"/api/v1/mailbox-admin/accounts/{mailbox.GetProperty("id").GetGuid()}/conversations", null)).StatusCode);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The page's items once <paramref name="done"/> holds: the host's dispatch worker sends within its poll interval.</summary>
    private static async Task<JsonElement> UntilAsync(HttpClient api, string url, Func<JsonElement, bool> done)
    {
        for (var tries = 0; ; tries++)
        {
            var items = (await api.GetFromJsonAsync<JsonElement>(url)).GetProperty("items");
            if (done(items) || tries == 300)
            {
                Assert.True(done(items), items.GetRawText());
                return items;
            }

            await Task.Delay(100);
        }
    }
}

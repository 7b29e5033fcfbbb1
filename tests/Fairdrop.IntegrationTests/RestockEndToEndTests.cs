using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Testing;

namespace Fairdrop.IntegrationTests;

/// <summary>
/// Restock as a shop meets it: the real <c>fairdrop serve</c> on loopback, shoppers subscribing through the public
/// storefront endpoint, an inventory message through the API, and the alerts arriving in a real SMTP server's Maildir.
/// </summary>
public sealed class RestockEndToEndTests
{
    private const string OperatorKey = "restock-operator-key-0123456789abcdef";

    [SkippableFact]
    public async Task Serve_SubscribeOverHttp_PostInventory_OldestShoppersGetTheAlertEmail()
    {
        var (host, port, maildir) = SmtpServer();
        var database = TestDatabase.CreateSqlite();
        var url = $"http://127.0.0.1:{FairdropProcess.FreePort()}";
        await using var process = FairdropProcess.Start(["serve", "--urls", url], new Dictionary<string, string>
        {
            ["FAIRDROP_OPERATOR_KEY"] = OperatorKey,
            ["FAIRDROP_DATA"] = database.DataDirectory!,
            ["Fairdrop__Exchange__PublicBaseUrl"] = url,
            ["Fairdrop__Exchange__UnsubscribeSecret"] = "restock-e2e-unsubscribe-secret",
            ["Fairdrop__Exchange__PollInterval"] = "00:00:00.200",
            ["Fairdrop__Exchange__Smtp__Host"] = host,
            ["Fairdrop__Exchange__Smtp__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Fairdrop__Exchange__Smtp__Security"] = "none",
            ["Fairdrop__Restock__JobInterval"] = "00:00:01",
            ["Fairdrop__Batch__PollInterval"] = "00:00:00.200",
        });
        try
        {
            await process.WaitUntilServingAsync($"{url}/healthz", TimeSpan.FromSeconds(60));
            using var client = await MerchantAsync(url);
            var marker = Guid.NewGuid().ToString("N");
            var product = $"boot-{marker[..8]}";
            var upsert = await client.PostAsJsonAsync("/api/v1/restock/products", new
            {
                products = new[] { new { externalId = product, sku = "BOOT-1", title = $"Trail boot {marker}", url = "https://shop.example/boot", available = 0 } },
            });
            Assert.True(upsert.IsSuccessStatusCode, await upsert.Content.ReadAsStringAsync());
            var key = (await client.GetFromJsonAsync<JsonElement>("/api/v1/restock/settings")).GetProperty("publishableKey").GetString();

            // Five shoppers join from the storefront, oldest first; one unit comes back, so one wave of three alerts.
            using var storefront = new HttpClient { BaseAddress = new Uri(url) };
            for (var i = 0; i < 5; i++)
            {
                var subscribed = await storefront.PostAsJsonAsync("/api/v1/public/restock/subscriptions", new
                {
                    publishableKey = key, productId = product, channel = "email", contact = $"shopper{i}@{marker}.test", consentText = "Email me when it is back.",
                });
                Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
            }

            var again = await storefront.PostAsJsonAsync("/api/v1/public/restock/subscriptions", new
            {
                publishableKey = key, productId = product, channel = "email", contact = $"SHOPPER0@{marker}.test", consentText = "Email me when it is back.",
            });
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);

            var inventory = await client.PostAsJsonAsync("/api/v1/inventory", new { events = new[] { new { eventId = $"restock-{marker}", productId = product, available = 1 } } });
            Assert.True(inventory.IsSuccessStatusCode, await inventory.Content.ReadAsStringAsync());

            var mails = await WaitForMailAsync(maildir, marker, 3, TimeSpan.FromSeconds(60));
            Assert.True(mails.Count == 3, $"{mails.Count} alert emails arrived\n{process.StandardOutput}\n{process.StandardError}");
            var recipients = mails.Select(m => m.Split('\n').Single(l => l.StartsWith("To: ", StringComparison.Ordinal)).Trim()).Order(StringComparer.Ordinal).ToList();
            Assert.Equal([$"To: shopper0@{marker}.test", $"To: shopper1@{marker}.test", $"To: shopper2@{marker}.test"], recipients);
            Assert.All(mails, m => Assert.Contains($"{url}/api/v1/exchange/r/", m, StringComparison.Ordinal)); // the exchange's signed tracked link

            // The funnel counts the wave: five waiting, three alerted and sent, no more (ceil(1 unit × 3)).
            var funnel = await WaitForFunnelAsync(client, product, f => f.GetProperty("sent").GetInt64() == 3, TimeSpan.FromSeconds(30));
            Assert.Equal(5, funnel.GetProperty("waiting").GetInt64());
            Assert.Equal(3, funnel.GetProperty("alerted").GetInt64());
            Assert.Empty(await WaitForMailAsync(maildir, $"shopper3@{marker}.test", 1, TimeSpan.Zero));

            // A shopper follows the alert's link: the exchange's signed redirect records the click and forwards to the product.
            var unfolded = mails[0].Replace("=\r\n", string.Empty, StringComparison.Ordinal).Replace("=\n", string.Empty, StringComparison.Ordinal);
            var link = System.Text.RegularExpressions.Regex.Match(unfolded, $"{System.Text.RegularExpressions.Regex.Escape(url)}/api/v1/exchange/r/[A-Za-z0-9_-]+").Value;
            using var shopper = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            using var followed = await shopper.GetAsync(new Uri(link));
            Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
            Assert.Equal("https://shop.example/boot", followed.Headers.Location?.ToString());
            var clicked = await WaitForFunnelAsync(client, product, f => f.GetProperty("clicked").GetInt64() == 1, TimeSpan.FromSeconds(30));
            Assert.Equal(1, clicked.GetProperty("clicked").GetInt64());
        }
        finally
        {
            await process.TerminateAsync(TimeSpan.FromSeconds(30));
            await database.DisposeAsync();
        }
    }

    private static (string Host, int Port, string Maildir) SmtpServer()
    {
        var parts = TestServers.Smtp().Split(';', 2);
        var endpoint = parts[0].Split(':', 2);
        return (endpoint[0], int.Parse(endpoint[1], CultureInfo.InvariantCulture), parts[1]);
    }

    private static Task<HttpClient> MerchantAsync(string url) => MerchantClient.CreateAsync(url, OperatorKey, "Trail Boots");

    /// <summary>Polls (bounded) until <paramref name="count"/> stored messages contain <paramref name="marker"/>.</summary>
    private static async Task<List<string>> WaitForMailAsync(string maildir, string marker, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var folder = Path.Combine(maildir, "new");
            var matching = Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder).Select(File.ReadAllText).Where(t => t.Contains(marker, StringComparison.Ordinal)).ToList()
                : [];
            if (matching.Count >= count || clock.Elapsed >= timeout)
            {
                return matching;
            }

            await Task.Delay(200);
        }
    }

    private static async Task<JsonElement> WaitForFunnelAsync(HttpClient client, string product, Func<JsonElement, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var rows = await client.GetFromJsonAsync<JsonElement>($"/api/v1/restock/funnel?productId={product}");
            var row = rows.EnumerateArray().FirstOrDefault(r => r.GetProperty("roundId").ValueKind != JsonValueKind.Null);
            if ((row.ValueKind == JsonValueKind.Object && done(row)) || clock.Elapsed >= timeout)
            {
                return row;
            }

            await Task.Delay(200);
        }
    }
}

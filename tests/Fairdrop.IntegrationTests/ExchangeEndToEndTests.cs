using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Testing;

namespace Fairdrop.IntegrationTests;

/// <summary>
/// The exchange as a merchant uses it: the real `fairdrop serve` on loopback, driven through the API alone, sending
/// email into a real SMTP server (aiosmtpd, Maildir) and in-app messages onto server-sent-event streams.
/// </summary>
public sealed class ExchangeEndToEndTests
{
    private const string OperatorKey = "exchange-operator-key-0123456789abcdef";
    private const string Api = "/api/v1/exchange";

    [SkippableFact]
    public async Task Serve_Distribution_InAppOnSseStream_EmailInMaildir_OneClickUnsubscribeWithdrawsConsent()
    {
        var smtp = Smtp.FromEnvironment();
        await using var server = await Server.StartAsync(smtp);
        var client = await server.MerchantAsync();
        var marker = Guid.NewGuid().ToString("N");
        var senderId = await CreateSenderAsync(client);
        await BulkAsync(client, [Recipient(0, marker, inApp: false), Recipient(1, marker, inApp: true)]);
        using var stream = await SseStream.OpenAsync(client, $"{Api}/inbox/user-1/stream");

        var distributionId = await SendAsync(client, "one");

        var message = await stream.NextAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("message", message.Event);
        Assert.Equal("Red shoes is back", message.Data.GetProperty("title").GetString());
        Assert.Equal("Hi shopper-1, they are yours.", message.Data.GetProperty("body").GetString());
        Assert.Equal(message.Id, message.Data.GetProperty("id").GetString());
        var mail = Assert.Single(await smtp.WaitForAsync(marker, 1, TimeSpan.FromSeconds(30)));
        Assert.Contains($"To: r0@{marker}.test", mail, StringComparison.Ordinal);
        Assert.Contains("Subject: Back in stock: Red shoes", mail, StringComparison.Ordinal);
        Assert.Contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click", mail, StringComparison.Ordinal);

        // The inbox keeps the message with its read state.
        var inbox = await client.GetFromJsonAsync<JsonElement>($"{Api}/inbox/user-1");
        var read = await client.PostAsync($"{Api}/inbox/user-1/{message.Id}/read", null);
        var unread = await client.GetFromJsonAsync<JsonElement>($"{Api}/inbox/user-1?unread=true");
        Assert.Equal(message.Id, Assert.Single(inbox.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        Assert.Equal(0, unread.GetProperty("items").GetArrayLength());

        // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the header's link, without credentials.
        var link = Unfold(mail).Split('\n').Single(l => l.StartsWith("List-Unsubscribe: ", StringComparison.Ordinal))["List-Unsubscribe: ".Length..].Trim().Trim('<', '>');
        Assert.StartsWith(server.Url + "/", link, StringComparison.Ordinal);
        using var anonymous = new HttpClient();
        var unsubscribed = await anonymous.PostAsync(link, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        var recipient = (await client.GetFromJsonAsync<JsonElement>($"{Api}/recipients?limit=10")).GetProperty("items").EnumerateArray().Single(r => r.GetProperty("externalId").GetString() == "shopper-0");
        Assert.False(recipient.GetProperty("consents").TryGetProperty("email", out _));

        // The next distribution drops the unsubscribed address for want of consent.
        var next = await SendAsync(client, "two");
        var funnel = await WaitForFunnelAsync(client, next, f => f.Matched == 2 && f.Sent == 1, TimeSpan.FromSeconds(30));
        Assert.Equal(1, funnel.Dropped("no_consent"));
        Assert.Equal(2, (await WaitForFunnelAsync(client, distributionId, f => f.Sent == 2, TimeSpan.FromSeconds(30))).Sent);
    }

    [SkippableFact]
    public async Task Serve_TenThousandRecipients_EmailsInMaildirInAppOnSse_FunnelAccountsForEveryone()
    {
        const int Count = 10_000;
        var smtp = Smtp.FromEnvironment();
        await using var server = await Server.StartAsync(smtp);
        var client = await server.MerchantAsync();
        var marker = Guid.NewGuid().ToString("N");
        await CreateSenderAsync(client);

        // Every tenth has no email consent, every tenth opted out of restocks, every tenth prefers in-app; the rest get email.
        var recipients = Enumerable.Range(0, Count).Select(i => (i % 10) switch
        {
            0 => Recipient(i, marker, inApp: false, emailConsent: false),
            1 => Recipient(i, marker, inApp: false, optedOut: true),
            2 => Recipient(i, marker, inApp: true),
            _ => Recipient(i, marker, inApp: false),
        }).ToList();
        await BulkAsync(client, recipients);
        var watched = new[] { 2, 12, 4_992, 9_992 };
        var streams = new List<SseStream>();
        foreach (var i in watched)
        {
            streams.Add(await SseStream.OpenAsync(client, $"{Api}/inbox/user-{i}/stream"));
        }

        var distributionId = await SendAsync(client, "ten-thousand");

        for (var k = 0; k < watched.Length; k++)
        {
            var message = await streams[k].NextAsync(TimeSpan.FromSeconds(120));
            Assert.Equal("message", message.Event);
            Assert.Equal($"Hi shopper-{watched[k]}, they are yours.", message.Data.GetProperty("body").GetString());
            streams[k].Dispose();
        }

        var funnel = await WaitForFunnelAsync(client, distributionId, f => f.Matched == Count && f.Sent == 8_000, TimeSpan.FromSeconds(120));
        Assert.True(funnel.Matched == Count && funnel.Sent == 8_000, $"funnel: {funnel}; {server.Output}");
        Assert.Equal(1_000, funnel.Dropped("no_consent"));
        Assert.Equal(1_000, funnel.Dropped("opted_out"));
        Assert.Equal(2_000, funnel.Status("dropped"));
        Assert.Equal(0, funnel.Status("failed") + funnel.Status("dead") + funnel.Status("retrying") + funnel.Status("scheduled") + funnel.Status("sending"));
        var inApp = await client.GetFromJsonAsync<JsonElement>($"{Api}/deliveries?distributionId={distributionId}&channel=in_app&status=sent&limit=1000");
        Assert.Equal(1_000, inApp.GetProperty("items").GetArrayLength());

        var mails = await smtp.WaitForAsync(marker, 7_000, TimeSpan.FromSeconds(30));
        var addressed = mails.Select(m => Unfold(m).Split('\n').Single(l => l.StartsWith("To: ", StringComparison.Ordinal))).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(7_000, mails.Count);
        Assert.Equal(7_000, addressed.Count);
        Assert.DoesNotContain($"To: r0@{marker}.test", addressed);
        Assert.DoesNotContain($"To: r1@{marker}.test", addressed);
        Assert.Contains($"To: r3@{marker}.test", addressed);
    }

    private static object Recipient(int i, string marker, bool inApp, bool emailConsent = true, bool optedOut = false) => new
    {
        externalId = $"shopper-{i}",
        attributes = new { tier = i % 2 == 0 ? "gold" : "silver" },
        contacts = new { email = $"r{i}@{marker}.test", inAppUserId = inApp ? $"user-{i}" : null },
        consents = emailConsent ? new Dictionary<string, object> { ["email"] = new { source = "checkout", text = "Tell me when it is back", givenAt = "2025-01-01T00:00:00Z" } } : [],
        rules = new
        {
            channelPreference = inApp ? new[] { "in_app", "email" } : new[] { "email" },
            optedOutTopics = optedOut ? new[] { "restock" } : Array.Empty<string>(),
            timeZone = (i % 3) switch { 0 => "Europe/Berlin", 1 => "America/New_York", _ => "Asia/Tokyo" },
        },
    };

    private static async Task<string> CreateSenderAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync($"{Api}/senders", new
        {
            name = "Restock alerts",
            brand = "Midnight Sneakers",
            fromAddress = "alerts@midnight.test",
            rules = new { channels = new[] { "email", "in_app" }, consentRequired = new[] { "email" } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task BulkAsync(HttpClient client, IReadOnlyList<object> recipients)
    {
        var response = await client.PostAsJsonAsync($"{Api}/recipients/bulk", new { recipients });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(recipients.Count, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32());
    }

    private static async Task<string> SendAsync(HttpClient client, string key)
    {
        var response = await client.PostAsJsonAsync($"{Api}/distributions", new
        {
            senderId = (await client.GetFromJsonAsync<JsonElement>($"{Api}/senders")).GetProperty("items")[0].GetProperty("id").GetString(),
            topic = "restock",
            idempotencyKey = key,
            data = new { product = "Red shoes" },
            content = new
            {
                email = new
                {
                    subject = "Back in stock: {{ data.product }}",
                    html = "<p>Hi {{ recipient.externalId }}, <b>{{ data.product }}</b> are back.</p><p><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>",
                    text = "Hi {{ recipient.externalId }}, {{ data.product }} are back. Unsubscribe: {{ unsubscribe_url }}",
                },
                inApp = new { title = "{{ data.product }} is back", body = "Hi {{ recipient.externalId }}, they are yours." },
            },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<Funnel> WaitForFunnelAsync(HttpClient client, string distributionId, Func<Funnel, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var funnel = new Funnel(await client.GetFromJsonAsync<JsonElement>($"{Api}/distributions/{distributionId}/funnel"));
            if (done(funnel) || clock.Elapsed > timeout)
            {
                return funnel;
            }

            await Task.Delay(200);
        }
    }

    private static string Unfold(string mail) => mail.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n ", " ", StringComparison.Ordinal).Replace("\n\t", " ", StringComparison.Ordinal);

    /// <summary>The funnel as the API returns it.</summary>
    private sealed record Funnel(JsonElement Json)
    {
        public long Matched => Json.GetProperty("matched").GetInt64();

        public long Sent => Status("sent");

        public long Status(string status) => Json.GetProperty("byStatus").GetProperty(status).GetInt64();

        public long Dropped(string reason) => Json.GetProperty("droppedByReason").TryGetProperty(reason, out var count) ? count.GetInt64() : 0;

        public override string ToString() => Json.ToString();
    }

    /// <summary>The real fairdrop process on a free loopback port, its email channel pointed at the test SMTP server.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private readonly TestDatabase _database;
        private readonly FairdropProcess _process;

        private Server(TestDatabase database, FairdropProcess process, string url)
        {
            _database = database;
            _process = process;
            Url = url;
            Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        }

        public string Url { get; }

        public HttpClient Http { get; }

        public string Output => _process.StandardOutput + _process.StandardError;

        public static async Task<Server> StartAsync(Smtp smtp)
        {
            var database = TestDatabase.CreateSqlite();
            var url = $"http://127.0.0.1:{FairdropProcess.FreePort()}";
            var environment = new Dictionary<string, string>
            {
                ["FAIRDROP_OPERATOR_KEY"] = OperatorKey,
                ["FAIRDROP_DATA"] = database.DataDirectory!,
                ["Fairdrop__Exchange__PublicBaseUrl"] = url,
                ["Fairdrop__Exchange__UnsubscribeSecret"] = "e2e-unsubscribe-secret",
                ["Fairdrop__Exchange__PollInterval"] = "00:00:00.200",
                ["Fairdrop__Exchange__Smtp__Host"] = smtp.Host,
                ["Fairdrop__Exchange__Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
                ["Fairdrop__Exchange__Smtp__Security"] = "none",
                // 10,000 recipients in one bulk call are about 3 MB of JSON; the default limit is 1 MB.
                ["Fairdrop__Http__MaxRequestBodyBytes"] = (16 << 20).ToString(CultureInfo.InvariantCulture),
            };
            var process = FairdropProcess.Start(["serve", "--urls", url], environment);
            try
            {
                await process.WaitUntilServingAsync($"{url}/healthz", TimeSpan.FromSeconds(60));
            }
            catch
            {
                await process.DisposeAsync();
                await database.DisposeAsync();
                throw;
            }

            return new Server(database, process, url);
        }

        public Task<HttpClient> MerchantAsync() => MerchantClient.CreateAsync(Url, OperatorKey, "Midnight Sneakers");

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await _process.TerminateAsync(TimeSpan.FromSeconds(30));
            await _process.DisposeAsync();
            await _database.DisposeAsync();
        }
    }

    /// <summary>The real SMTP server of FAIRDROP_TEST_SMTP ("host:port;maildir"), and what its Maildir holds.</summary>
    private sealed record Smtp(string Host, int Port, string Maildir)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly List<string> _matching = [];

        public static Smtp FromEnvironment()
        {
            var parts = TestServers.Smtp().Split(';', 2);
            var endpoint = parts[0].Split(':', 2);
            return new Smtp(endpoint[0], int.Parse(endpoint[1], CultureInfo.InvariantCulture), parts[1]);
        }

        /// <summary>Polls (bounded) until <paramref name="count"/> stored messages contain <paramref name="marker"/>; reads each file once.</summary>
        public async Task<IReadOnlyList<string>> WaitForAsync(string marker, int count, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var folder = Path.Combine(Maildir, "new");
                if (Directory.Exists(folder))
                {
                    foreach (var file in Directory.EnumerateFiles(folder))
                    {
                        if (_seen.Add(file) && File.ReadAllText(file) is var text && text.Contains(marker, StringComparison.Ordinal))
                        {
                            _matching.Add(text);
                        }
                    }
                }

                if (_matching.Count >= count || clock.Elapsed > timeout)
                {
                    return _matching;
                }

                await Task.Delay(200);
            }
        }
    }

    /// <summary>One event of a text/event-stream.</summary>
    private sealed record SseEvent(string? Event, string? Id, JsonElement Data);

    /// <summary>A server-sent-events stream read line by line, as a browser's EventSource would.</summary>
    private sealed class SseStream : IDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;

        private SseStream(HttpResponseMessage response, StreamReader reader)
        {
            _response = response;
            _reader = reader;
        }

        public static async Task<SseStream> OpenAsync(HttpClient client, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            var stream = new SseStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
            var ready = await stream.NextAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("ready", ready.Event);
            return stream;
        }

        public async Task<SseEvent> NextAsync(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            string? name = null, id = null, data = null;
            while (await _reader.ReadLineAsync(cancel.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data is not null)
                    {
                        return new SseEvent(name, id, JsonDocument.Parse(data).RootElement.Clone());
                    }

                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
                switch (field)
                {
                    case "event": name = value; break;
                    case "id": id = value; break;
                    case "data": data = data is null ? value : data + "\n" + value; break;
                }
            }

            throw new EndOfStreamException("The event stream ended.");
        }

        public void Dispose()
        {
            _reader.Dispose();
            _response.Dispose();
        }
    }
}

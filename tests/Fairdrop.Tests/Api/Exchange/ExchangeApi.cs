using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fairdrop.Tests.Api.Exchange;

/// <summary>Shared calls of the exchange API tests: merchants, senders, recipients, distributions, bounded polling of the funnel.</summary>
internal static class ExchangeApi
{
    public const string Base = "/api/v1/exchange";

    public static async Task<HttpClient> MerchantAsync(FairdropFactory app, string name = "Shop")
    {
        var response = await app.CreateOperatorClient().PostAsJsonAsync("/api/v1/merchants", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return app.CreateClient(body.GetProperty("apiKey").GetProperty("key").GetString());
    }

    /// <summary>A new merchant's client on an app the test configured itself (settings over <see cref="FairdropFactory"/>).</summary>
    public static async Task<HttpClient> MerchantAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string name = "Shop")
    {
        var operatorClient = app.CreateClient();
        operatorClient.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", FairdropFactory.OperatorKey);
        var response = await operatorClient.PostAsJsonAsync("/api/v1/merchants", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetProperty("key").GetString();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public static object SenderBody(string name = "Shop news", object? rules = null) => new
    {
        name,
        brand = "Midnight Sneakers",
        fromAddress = "news@midnight.test",
        replyTo = "help@midnight.test",
        rules = rules ?? new { channels = new[] { "email", "in_app" }, consentRequired = new[] { "email" } },
    };

    public static async Task<string> CreateSenderAsync(HttpClient client, object? rules = null)
    {
        var response = await client.PostAsJsonAsync($"{Base}/senders", SenderBody(rules: rules));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public static object Recipient(string externalId, string? email = null, bool emailConsent = true, string? inAppUserId = null, string? phone = null, string timeZone = "UTC", string tier = "gold") => new
    {
        externalId,
        attributes = new { tier },
        contacts = new { email, phone, inAppUserId },
        consents = emailConsent ? new Dictionary<string, object> { ["email"] = new { source = "checkout", text = "Tell me", givenAt = "2025-01-01T00:00:00Z" } } : [],
        rules = new { timeZone },
    };

    public static object Distribution(string senderId, string? key = null, string subject = "Back: {{ data.product }}", object? audience = null) => new
    {
        senderId,
        topic = "restock",
        content = new
        {
            email = new { subject, html = "<p>{{ data.product }} for {{ recipient.externalId }}</p>", text = "{{ data.product }} for {{ recipient.externalId }}" },
            inApp = new { title = "{{ data.product }} is back", body = "Hi {{ recipient.externalId }}" },
        },
        audience,
        data = new { product = "Red shoes" },
        idempotencyKey = key,
    };

    /// <summary>Polls the funnel (bounded) until the matching worker has written a row for every recipient.</summary>
    public static async Task<JsonElement> FunnelWhenMatchedAsync(HttpClient client, string distributionId, int expected, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var funnel = await client.GetFromJsonAsync<JsonElement>($"{Base}/distributions/{distributionId}/funnel");
            if (funnel.GetProperty("matched").GetInt64() >= expected || clock.Elapsed > timeout)
            {
                return funnel;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Asserts a 400 problem that names <paramref name="field"/> (as <c>field</c>, or among <c>errors</c>).</summary>
    public static async Task<JsonElement> IsBadRequestNamingAsync(HttpResponseMessage response, string field)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        var named = (problem.TryGetProperty("field", out var f) && f.GetString() == field)
            || (problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _));
        Assert.True(named, $"expected the problem to name {field}: {problem}");
        return problem;
    }
}

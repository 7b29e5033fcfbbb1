using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Core.Storage;
using Fairdrop.SmsPrograms.Tests.Support;

namespace Fairdrop.SmsPrograms.Tests.Api;

/// <summary>
/// <c>POST /api/v1/public/sms-programs/{id}/opt-ins</c> as a shop's storefront calls it from the shopper's browser,
/// through real Kestrel: the publishable key, the origin allow-list and CORS of notify-me, the client's address as
/// the app resolves it, one answer for every number, and the limits.
/// </summary>
public abstract class StorefrontOptInApiTests : StorefrontApp
{
    private const string Ana = "+16502530000";
    private const string Ben = "+16502530001";

    [SkippableFact]
    public async Task OptIn_FromAllowedOrigin_202WithCors_EvidenceFromTheRequest_ConfirmationOnly()
    {
        await StartAsync();
        var (merchant, _, key) = await ShopAsync();
        var programId = await ProgramAsync(merchant, new { name = "Acme Drops", keyword = "DROPS", frequency = "Up to 6 msgs/month" });

        // The address comes from the trusted proxy's X-Forwarded-For; a body naming its own is refused, as any unknown member.
        var response = await OptInAsync(programId, key, Shop, new { phone = "+1 650 253 0000", consentText = "Text me drops", pageUrl = $"{Shop}/sms" });
        var spoofing = await OptInAsync(programId, key, Shop, new { phone = Ben, consentText = "Text me", pageUrl = $"{Shop}/sms", ip = "10.0.0.1" });
        await TextsAsync(Ana, 1);
        await Task.Delay(300); // a wrongly sent second text would be on its way by now
        var texts = await TextsAsync(Ana, 0);
        var consents = await merchant.GetFromJsonAsync<JsonElement>($"/api/v1/sms-programs/{programId}/consents");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, spoofing.StatusCode);
        Assert.Equal(Shop, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("accepted", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Single(texts);
        Assert.StartsWith("Acme Drops: reply Y to confirm", texts[0], StringComparison.Ordinal);
        var requested = consents.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("step").GetString() == "requested");
        Assert.Equal(
            ("Text me drops", $"{Shop}/sms", "203.0.113.9", "Firefox/140"),
            (requested.GetProperty("text").GetString(), requested.GetProperty("pageUrl").GetString(), requested.GetProperty("ip").GetString(), requested.GetProperty("userAgent").GetString()));
    }

    [SkippableFact]
    public async Task OptIn_CallerRefusals_OriginOffList403_SecretKey401_PreflightDescribesTheCall()
    {
        await StartAsync();
        var (merchant, _, key) = await ShopAsync();
        var programId = await ProgramAsync(merchant, new { name = "Acme", keyword = "ACME", frequency = "Up to 4 msgs/month" });
        var body = new { phone = Ana, consentText = "Text me", pageUrl = $"{Shop}/sms" };
        var secret = merchant.DefaultRequestHeaders.Authorization!.Parameter!;

        var foreign = await OptInAsync(programId, key, "https://evil.example", body);
        var secretAsPublishable = await OptInAsync(programId, secret, Shop, body);
        using var bearerOnly = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/public/sms-programs/{programId}/opt-ins") { Content = JsonContent.Create(body) };
        bearerOnly.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var bearer = await App.CreateClient().SendAsync(bearerOnly);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"/api/v1/public/sms-programs/{programId}/opt-ins");
        preflight.Headers.Add("Origin", Shop);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var described = await App.CreateClient().SendAsync(preflight);

        await ProblemAsync(foreign, HttpStatusCode.Forbidden, "sms_origin_not_allowed");
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
        await ProblemAsync(secretAsPublishable, HttpStatusCode.Unauthorized, "unauthorized");
        await ProblemAsync(bearer, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.NoContent, described.StatusCode);
        Assert.Contains("x-fairdrop-publishable-key", described.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
        Assert.Equal(0, Twilio.Posts);
    }

    [SkippableFact]
    public async Task OptIn_BadNumber400NamingPhone_OtherShopsProgram404_OverTheLimit429WithRetryAfter()
    {
        await StartAsync();
        var (merchant, _, key) = await ShopAsync();
        var (otherMerchant, _, _) = await ShopAsync();
        var programId = await ProgramAsync(merchant, new { name = "Acme", keyword = "ACME", frequency = "Up to 4 msgs/month" });
        var otherProgram = await ProgramAsync(otherMerchant, new { name = "Other", keyword = "OTHER", frequency = "Up to 4 msgs/month" });

        var malformed = await OptInAsync(programId, key, Shop, new { phone = "555-12", consentText = "Text me", pageUrl = $"{Shop}/sms" });
        var noConsent = await OptInAsync(programId, key, Shop, new { phone = Ana, pageUrl = $"{Shop}/sms" });
        var notMine = await OptInAsync(otherProgram, key, Shop, new { phone = Ana, consentText = "Text me", pageUrl = $"{Shop}/sms" });
        var statuses = new List<HttpStatusCode>();
        for (var i = 4; i <= ClientLimit; i++) // three calls above count too
        {
            statuses.Add((await OptInAsync(programId, key, Shop, new { phone = $"+165025310{i:00}", consentText = "Text me", pageUrl = $"{Shop}/sms" })).StatusCode);
        }

        var limited = await OptInAsync(programId, key, Shop, new { phone = Ben, consentText = "Text me", pageUrl = $"{Shop}/sms" });

        Assert.Equal("phone", (await ProblemAsync(malformed, HttpStatusCode.BadRequest, "validation_failed")).GetProperty("field").GetString());
        Assert.Equal("consentText", (await ProblemAsync(noConsent, HttpStatusCode.BadRequest, "validation_failed")).GetProperty("field").GetString());
        await ProblemAsync(notMine, HttpStatusCode.NotFound, "sms_program_not_found");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s));
        await ProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture) >= 1);
    }

    [SkippableFact]
    public async Task OptIn_NumberAlreadySubscribed_SameAnswerAsANewOne()
    {
        await StartAsync();
        var (merchant, merchantId, key) = await ShopAsync();
        var programId = await ProgramAsync(merchant, new { name = "Acme", keyword = "ACME", frequency = "Up to 4 msgs/month", numbers = new[] { Testing.FakeTwilio.From } });
        await InboundAsync(merchantId, Ana, "ACME", "SMa1");
        await TextsAsync(Ana, 1);
        await InboundAsync(merchantId, Ana, "Y", "SMa2");
        await TextsAsync(Ana, 2);

        var subscribed = await OptInAsync(programId, key, Shop, new { phone = Ana, consentText = "Text me", pageUrl = $"{Shop}/sms" });
        var fresh = await OptInAsync(programId, key, Shop, new { phone = Ben, consentText = "Text me", pageUrl = $"{Shop}/sms" });

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (subscribed.StatusCode, fresh.StatusCode));
        Assert.Equal(await fresh.Content.ReadAsStringAsync(), await subscribed.Content.ReadAsStringAsync());
        Assert.Single(await TextsAsync(Ben, 1));
        await Task.Delay(300); // a wrongly sent text to Ana would be on its way by now
        Assert.Equal(2, (await TextsAsync(Ana, 0)).Count);
    }

    private async Task<HttpResponseMessage> OptInAsync(string programId, string key, string origin, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/public/sms-programs/{programId}/opt-ins") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Fairdrop-Publishable-Key", key);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.UserAgent.ParseAdd("Firefox/140");
        return await App.CreateClient().SendAsync(request);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }
}

public sealed class SqliteStorefrontOptInApiTests : StorefrontOptInApiTests
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;
}

public sealed class PostgresStorefrontOptInApiTests : StorefrontOptInApiTests
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}

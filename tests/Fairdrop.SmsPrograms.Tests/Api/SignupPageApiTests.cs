using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fairdrop.Core.Storage;
using Fairdrop.SmsPrograms.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Fairdrop.SmsPrograms.Tests.Api;

/// <summary>
/// The hosted sign-up page (<c>/p/sms/{programId}</c>) as a friend meets it: the referral link in a welcome text
/// redirects there with the code filled in, the form posts with its antiforgery token, and the friend's Y attributes
/// the referral; without the token nothing happens.
/// </summary>
public abstract partial class SignupPageApiTests : StorefrontApp
{
    private const string Ana = "+16502530000";
    private const string Ben = "+16502530001";

    [SkippableFact]
    public async Task ReferralLink_LandsOnThePrefilledPage_PostWithToken_FriendsYAttributesAndRewards()
    {
        await StartAsync();
        var (merchant, merchantId, _) = await ShopAsync();
        var programId = await ProgramAsync(merchant, new { name = "Acme", keyword = "ACME", frequency = "Up to 4 msgs/month", rewardCodes = new[] { "SAVE10" } });
        await InboundAsync(merchantId, Ana, "ACME", "SMa1");
        await TextsAsync(Ana, 1);
        await InboundAsync(merchantId, Ana, "Y", "SMa2");
        var link = LinkPattern().Match((await TextsAsync(Ana, 2)).Single(t => t.StartsWith("Welcome", StringComparison.Ordinal))).Groups[1].Value;

        var redirect = await App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync(new Uri(link).PathAndQuery);
        var friend = App.CreateClient();
        var page = await friend.GetAsync(redirect.Headers.Location!.PathAndQuery);
        var html = await page.Content.ReadAsStringAsync();
        var code = CodeField().Match(html).Groups[1].Value;
        var posted = await friend.PostAsync(page.RequestMessage!.RequestUri, Form(html, ("phone", Ben), ("consent", "yes"), ("ref", code)));
        await TextsAsync(Ben, 1);
        await InboundAsync(merchantId, Ben, "Y", "SMb2");
        var anaTexts = await TextsAsync(Ana, 3);
        var report = await merchant.GetFromJsonAsync<JsonElement>($"/api/v1/sms-programs/{programId}/report");
        var consents = await merchant.GetFromJsonAsync<JsonElement>($"/api/v1/sms-programs/{programId}/consents?limit=100");

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith($"/p/sms/{Guid.Parse(programId):N}?ref=", redirect.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Matches("^[A-Z0-9]{7}$", code);
        Assert.Contains("<label for=\"consent\">I agree to receive recurring automated marketing text messages from Acme", html, StringComparison.Ordinal);
        Assert.Contains("Msg &amp; data rates may apply", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Check your phone", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Acme: a friend joined with your code. Your reward: SAVE10", anaTexts);
        Assert.Equal(1, report.GetProperty("funnel").GetProperty("confirmedFriends").GetInt32());
        var requested = consents.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("step").GetString() == "requested").ToList();
        Assert.Contains(requested, e => e.GetProperty("pageUrl").GetString() == $"{PublicBase}/p/sms/{Guid.Parse(programId):N}"
            && e.GetProperty("text").GetString()!.Contains("Msg & data rates may apply", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Post_WithoutToken400_BadNumber400MarkedOnTheField_UnknownProgram404_NothingSent()
    {
        await StartAsync();
        var (merchant, _, _) = await ShopAsync();
        var programId = await ProgramAsync(merchant, new { name = "Acme", keyword = "ACME", frequency = "Up to 4 msgs/month" });
        var path = $"/p/sms/{programId}";
        var visitor = App.CreateClient();
        var html = await (await visitor.GetAsync(path)).Content.ReadAsStringAsync();

        var forged = await App.CreateClient().PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["phone"] = Ana, ["consent"] = "yes" }));
        var badNumber = await visitor.PostAsync(path, Form(html, ("phone", "555-12"), ("consent", "yes")));
        var unticked = await visitor.PostAsync(path, Form(html, ("phone", Ana)));
        var unknown = await App.CreateClient().GetAsync($"/p/sms/{Guid.NewGuid():N}");
        await Task.Delay(300); // a wrongly sent text would be on its way by now

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badNumber.StatusCode);
        var refused = await badNumber.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", refused, StringComparison.Ordinal);
        Assert.Matches("id=\"phone\"[^>]*aria-invalid=\"true\"[^>]*value=\"555-12\"", refused);
        Assert.Equal(HttpStatusCode.BadRequest, unticked.StatusCode);
        Assert.Matches("id=\"consent\"[^>]*aria-invalid=\"true\"", await unticked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(0, Twilio.Posts);
    }

    /// <summary>The page's hidden antiforgery field with the given fields, as the browser would post the form.</summary>
    private static FormUrlEncodedContent Form(string html, params (string Name, string Value)[] fields)
    {
        var token = TokenField().Match(html);
        var values = fields.ToDictionary(f => f.Name, f => f.Value);
        values[WebUtility.HtmlDecode(token.Groups[1].Value)] = WebUtility.HtmlDecode(token.Groups[2].Value);
        return new FormUrlEncodedContent(values);
    }

    [GeneratedRegex("join at (\\S+) for early access")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("id=\"ref\"[^>]*value=\"([^\"]*)\"")]
    private static partial Regex CodeField();
}

public sealed class SqliteSignupPageApiTests : SignupPageApiTests
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;
}

public sealed class PostgresSignupPageApiTests : SignupPageApiTests
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}

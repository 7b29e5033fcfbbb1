using System.Net;
using System.Net.Http.Json;
using System.Text;
using Fairdrop.Core.Tenancy;

namespace Fairdrop.Tests.Api;

/// <summary>Bad input gets a clear problem with a stable code, never a stack trace or a bare status.</summary>
public sealed class ErrorHandlingTests : IAsyncLifetime
{
    private FairdropFactory _app = null!;

    public async Task InitializeAsync() => _app = await FairdropFactory.CreateAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task NoKey_Is401WithBearerChallenge()
    {
        var response = await _app.CreateClient().GetAsync("/api/v1/merchant");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("fdk_thisKeyWasNeverIssuedToAnybodyAtAll000000")]
    [InlineData("garbage")]
    public async Task UnknownKey_Is401(string key)
    {
        var response = await _app.CreateClient(key).GetAsync("/api/v1/merchant");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("unknown", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonBearerScheme_Is401SayingHowToSendTheKey()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("Authorization", "Basic dXNlcjpwYXNz");

        var problem = await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/merchant"), HttpStatusCode.Unauthorized, "unauthorized");

        Assert.Contains("Bearer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MerchantKeyOnOperatorEndpoint_Is403()
    {
        var key = await CreateMerchantKeyAsync();

        var response = await _app.CreateClient(key).GetAsync("/api/v1/merchants");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task OperatorKeyOnMerchantEndpoint_Is403()
    {
        var response = await _app.CreateOperatorClient().GetAsync("/api/v1/merchant");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task MalformedJson_Is400()
    {
        var response = await _app.CreateOperatorClient().PostAsync("/api/v1/merchants", Json("{\"name\": "));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task WrongType_Is400NamingTheField()
    {
        var response = await _app.CreateOperatorClient().PostAsync("/api/v1/merchants", Json("{\"name\": 42}"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed_json");
        Assert.Equal("name", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task UnknownField_Is400NamingTheField()
    {
        var response = await _app.CreateOperatorClient().PostAsync("/api/v1/merchants", Json("{\"name\": \"Shop\", \"nmae\": \"typo\"}"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "malformed_json");
        Assert.Equal("nmae", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task MissingName_Is400ValidationNamingTheField()
    {
        var response = await _app.CreateOperatorClient().PostAsJsonAsync("/api/v1/merchants", new { name = "  " });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        var body = Json($"{{\"name\": \"{new string('x', FairdropFactory.BodyLimit * 2)}\"}}");

        var response = await _app.CreateOperatorClient().PostAsync("/api/v1/merchants", body);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task BulkEndpoint_AcceptsBodiesOverTheDefaultLimit_OthersStill413()
    {
        var key = await CreateMerchantKeyAsync();
        var recipients = Enumerable.Range(0, 300).Select(i => new { externalId = $"c{i}", contacts = new { email = $"c{i}@shop.example" } });
        var body = System.Text.Json.JsonSerializer.Serialize(new { recipients }, System.Text.Json.JsonSerializerOptions.Web);
        Assert.True(body.Length > FairdropFactory.BodyLimit);

        var bulk = await _app.CreateClient(key).PostAsync("/api/v1/exchange/recipients/bulk", Json(body));
        var other = await _app.CreateOperatorClient().PostAsync("/api/v1/merchants", Json(body));

        Assert.True(bulk.IsSuccessStatusCode, await bulk.Content.ReadAsStringAsync());
        await ProblemAssert.IsProblemAsync(other, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task WrongContentType_Is415()
    {
        var response = await _app.CreateOperatorClient().PostAsync("/api/v1/merchants", new StringContent("name=Shop", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task UnknownRoute_Is404Problem()
    {
        var response = await _app.CreateOperatorClient().GetAsync("/api/v1/nothing-here");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task NoOperatorKeyConfigured_OperatorEndpointsRefuseEverything()
    {
        await using var app = await FairdropFactory.CreateAsync(operatorKey: null);

        var response = await app.CreateClient(FairdropFactory.OperatorKey).GetAsync("/api/v1/merchants");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private async Task<string> CreateMerchantKeyAsync()
    {
        var response = await _app.CreateOperatorClient().PostAsJsonAsync("/api/v1/merchants", new { name = "Shop" });
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var key = body.GetProperty("apiKey").GetProperty("key").GetString()!;
        Assert.StartsWith(ApiKeySecrets.Scheme, key, StringComparison.Ordinal);
        return key;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Fairdrop.Exchange.Channels.Sms;
using Fairdrop.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Fairdrop.Tests.Api.Exchange;

/// <summary>
/// The public Twilio webhooks (issue 17, finding 5): the signature is checked before the body is parsed, and a body
/// that does not parse is a 4xx problem, never a 500 with a stack trace in the log.
/// </summary>
public sealed class SmsWebhookHardeningTests : IAsyncLifetime
{
    private const string PublicBase = "http://localhost:5080";
    private FairdropFactory _factory = null!;
    private WebApplicationFactory<Program> _app = null!;

    public async Task InitializeAsync()
    {
        _factory = await FairdropFactory.CreateAsync();
        _app = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Fairdrop:Exchange:PublicBaseUrl", PublicBase);
            b.UseSetting("Fairdrop:Exchange:Sms:AuthToken", FakeTwilio.AuthToken);
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    public static TheoryData<string> Paths => new() { $"/api/v1/exchange/sms/{Guid.NewGuid()}/inbound", $"/api/v1/exchange/sms/status/{Guid.NewGuid()}" };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task MultipartWithoutBoundary_Unsigned_Is403(string path)
    {
        var response = await PostAsync(path, Body("garbage", "multipart/form-data"), signature: null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "invalid_signature");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task MultipartWithBrokenBoundary_ForgedSignature_Is403(string path)
    {
        var response = await PostAsync(path, Body("--xx\r\nnot a part", "multipart/form-data; boundary=\"\""), ForgedSignature());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "invalid_signature");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task FormOverTheReadersLimits_Is400(string path)
    {
        var form = string.Join('&', Enumerable.Range(0, 1100).Select(i => $"k{i}="));

        var response = await PostAsync(path, Body(form, "application/x-www-form-urlencoded"), ForgedSignature());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "bad_request");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task UnknownCharset_Is415(string path)
    {
        var response = await PostAsync(path, Body("MessageSid=SM1", "application/x-www-form-urlencoded; charset=foo-bar"), ForgedSignature());

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task PublicJsonEndpoint_UnknownCharset_Is415()
    {
        var response = await PostAsync("/api/v1/public/restock/subscriptions", Body("""{"productId": "p1"}""", "application/json; charset=foo-bar"), signature: null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    private static string ForgedSignature() => Convert.ToBase64String(new byte[20]);

    private static ByteArrayContent Body(string text, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private async Task<HttpResponseMessage> PostAsync(string path, HttpContent content, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (signature is not null)
        {
            request.Headers.Add(TwilioSignature.Header, signature);
        }

        return await _app.CreateClient().SendAsync(request);
    }
}

using Fairdrop.Exchange.Channels.Sms;

namespace Fairdrop.Exchange.Tests.Channels.Sms;

/// <summary>
/// Twilio's published validation example (twilio.com/docs/usage/security, and twilio-php's validation guide):
/// auth token 12345, URL https://mycompany.com/myapp.php?foo=1&amp;bar=2, these five parameters →
/// GvWf1cFY/Q7PnoempGyD5oXAezc=.
/// </summary>
public sealed class TwilioSignatureTests
{
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string Expected = "GvWf1cFY/Q7PnoempGyD5oXAezc=";

    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["To"] = "+18005551212",
        ["From"] = "+14158675310",
        ["Digits"] = "1234",
        ["Caller"] = "+14158675310",
        ["CallSid"] = "CA1234567890ABCDE",
    };

    [Fact]
    public void Compute_TwiliosPublishedExample_GivesItsSignature() =>
        Assert.Equal(Expected, TwilioSignature.Compute("12345", Url, Parameters));

    [Fact]
    public void IsValid_TwiliosPublishedExample_True() =>
        Assert.True(TwilioSignature.IsValid("12345", Url, Parameters, Expected));

    [Theory]
    [InlineData("Digits", "9999")]
    [InlineData("Extra", "1")]
    public void IsValid_ParameterChangedOrAdded_False(string name, string value) =>
        Assert.False(TwilioSignature.IsValid("12345", Url, new Dictionary<string, string>(Parameters) { [name] = value }, Expected));

    [Theory]
    [InlineData("http://mycompany.com/myapp.php?foo=1&bar=2", "12345", Expected)]
    [InlineData(Url, "54321", Expected)]
    [InlineData(Url, "12345", "")]
    [InlineData(Url, "12345", null)]
    [InlineData(Url, "", Expected)]
    public void IsValid_OtherUrlTokenOrMissingSignature_False(string url, string token, string? signature) =>
        Assert.False(TwilioSignature.IsValid(token, url, Parameters, signature));
}

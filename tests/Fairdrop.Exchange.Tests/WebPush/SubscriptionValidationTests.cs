using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Channels.WebPush;
using Fairdrop.Exchange.Tests.Support;

namespace Fairdrop.Exchange.Tests.WebPush;

public sealed class SubscriptionValidationTests
{
    private const string GoodKey = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private const string GoodAuth = "BTBZMqHH6r4Tts7J_aSIgg";

    [Theory]
    [InlineData("https://fcm.googleapis.com/fcm/send/abc")]
    [InlineData("https://updates.push.services.mozilla.com/wpush/v2/gAAAAA")]
    public void Validate_GoodSubscription_Accepted(string endpoint)
    {
        var result = SubscriptionValidation.Validate(endpoint, GoodKey, GoodAuth + "==", "laptop", Guards.Create());

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(GoodAuth, result.Value!.Auth);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/push/1")]
    [InlineData("http://localhost/push/1")]
    [InlineData("http://[::1]:8080/push")]
    [InlineData("https://[::ffff:127.0.0.1]/push")]
    [InlineData("https://169.254.169.254/push")]
    [InlineData("https://10.0.0.7/push")]
    public void Validate_EndpointNotPublic_ForbiddenDestination(string endpoint)
    {
        var result = SubscriptionValidation.Validate(endpoint, GoodKey, GoodAuth, null, Guards.Create());

        Assert.Equal((ErrorCodes.ForbiddenDestination, "endpoint"), (result.Error?.Code, result.Error?.Field));
    }

    [Fact]
    public void Validate_HttpToAnAllowListedPushServer_Accepted() =>
        Assert.True(SubscriptionValidation.Validate("http://127.0.0.1:5000/push/1", GoodKey, GoodAuth, null, Guards.Create("127.0.0.1")).IsSuccess);

    [Theory]
    [InlineData(null, GoodKey, GoodAuth, "endpoint")]
    [InlineData("http://push.example.com/x", GoodKey, GoodAuth, "endpoint")]
    [InlineData("ftp://push.example.com/x", GoodKey, GoodAuth, "endpoint")]
    [InlineData("/relative", GoodKey, GoodAuth, "endpoint")]
    [InlineData("https://push.example.com/x", "not base64url!", GoodAuth, "keys.p256dh")]
    [InlineData("https://push.example.com/x", "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4AA", GoodAuth, "keys.p256dh")]
    [InlineData("https://push.example.com/x", "AiVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcx", GoodAuth, "keys.p256dh")]
    [InlineData("https://push.example.com/x", "BAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE", GoodAuth, "keys.p256dh")]
    [InlineData("https://push.example.com/x", GoodKey, "BTBZMqHH6r4Tts7J_aSI", "keys.auth")]
    [InlineData("https://push.example.com/x", GoodKey, "BTBZMqHH6r4Tts7J+aSIgg", "keys.auth")]
    [InlineData("https://push.example.com/x", GoodKey, null, "keys.auth")]
    public void Validate_MalformedSubscription_RejectedWithCodeAndField(string? endpoint, string? p256dh, string? auth, string field)
    {
        var result = SubscriptionValidation.Validate(endpoint, p256dh, auth, null, Guards.Create());

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCodes.InvalidPushSubscription, result.Error!.Code);
        Assert.Equal(field, result.Error.Field);
    }

    [Fact]
    public void Validate_EmptyDeviceName_Rejected()
    {
        var result = SubscriptionValidation.Validate("https://push.example.com/x", GoodKey, GoodAuth, string.Empty, Guards.Create());

        Assert.Equal("device", result.Error!.Field);
    }
}

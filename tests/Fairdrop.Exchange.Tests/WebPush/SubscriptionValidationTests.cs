using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Channels.WebPush;

namespace Fairdrop.Exchange.Tests.WebPush;

public sealed class SubscriptionValidationTests
{
    private const string GoodKey = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private const string GoodAuth = "BTBZMqHH6r4Tts7J_aSIgg";

    [Theory]
    [InlineData("https://fcm.googleapis.com/fcm/send/abc")]
    [InlineData("http://127.0.0.1:5000/push/1")]
    [InlineData("http://localhost/push/1")]
    [InlineData("http://[::1]:8080/push")]
    public void Validate_GoodSubscription_Accepted(string endpoint)
    {
        var result = SubscriptionValidation.Validate(endpoint, GoodKey, GoodAuth + "==", "laptop");

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(GoodAuth, result.Value!.Auth);
    }

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
        var result = SubscriptionValidation.Validate(endpoint, p256dh, auth, null);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCodes.InvalidPushSubscription, result.Error!.Code);
        Assert.Equal(field, result.Error.Field);
    }

    [Fact]
    public void Validate_EmptyDeviceName_Rejected()
    {
        var result = SubscriptionValidation.Validate("https://push.example.com/x", GoodKey, GoodAuth, string.Empty);

        Assert.Equal("device", result.Error!.Field);
    }
}

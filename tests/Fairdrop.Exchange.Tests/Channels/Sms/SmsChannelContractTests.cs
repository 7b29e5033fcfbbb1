using Fairdrop.Testing;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Tests.Support;

namespace Fairdrop.Exchange.Tests.Channels.Sms;

/// <summary>The SMS adapter against a loopback endpoint that follows Twilio's documented request, response and error shapes.</summary>
public sealed class SmsChannelContractTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private FakeTwilio _twilio = null!;

    public async Task InitializeAsync() => _twilio = await FakeTwilio.StartAsync();

    public async Task DisposeAsync() => await _twilio.DisposeAsync();

    [Fact]
    public async Task SendAsync_ValidMessage_PostsDocumentedFormWithBasicAuthAndReturnsSid()
    {
        await using var h = await SmsHarness.CreateAsync(_twilio);
        var message = await SmsFixtures.MessageAsync(h, SmsFixtures.Phone);

        var outcome = await SmsFixtures.SmsChannelOf(h).SendAsync(message, None);

        Assert.Equal(SendResult.Sent, outcome.Result);
        var (sid, form) = Assert.Single(_twilio.Messages);
        Assert.Equal(sid, outcome.ProviderId);
        Assert.StartsWith("SM", sid, StringComparison.Ordinal);
        Assert.Equal(SmsFixtures.Phone, form["To"]);
        Assert.Equal(FakeTwilio.From, form["From"]);
        Assert.Equal("Red shoes are back", form["Body"]);
        Assert.Equal($"https://fairdrop.example/api/v1/exchange/sms/status/{message.DeliveryId:N}", form["StatusCallback"]);
    }

    [Theory]
    [InlineData("+15005550001", "21211")]
    [InlineData("+15005550004", "21610")]
    [InlineData("+15005550009", "21614")]
    public async Task SendAsync_TwilioRefusesTheNumber_PermanentWithTheCode(string to, string code)
    {
        await using var h = await SmsHarness.CreateAsync(_twilio);

        var outcome = await SmsFixtures.SmsChannelOf(h).SendAsync(await SmsFixtures.MessageAsync(h, to), None);

        Assert.Equal(SendResult.Permanent, outcome.Result);
        Assert.Contains($"code {code}", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(_twilio.Messages);
    }

    [Fact]
    public async Task SendAsync_MalformedPhone_PermanentWithoutCallingTheProvider()
    {
        await using var h = await SmsHarness.CreateAsync(_twilio);

        var outcome = await SmsFixtures.SmsChannelOf(h).SendAsync(await SmsFixtures.MessageAsync(h, "12-not-a-number"), None);

        Assert.Equal(SendResult.Permanent, outcome.Result);
        Assert.Equal(0, _twilio.Posts);
    }

    [Theory]
    [InlineData(429, 20429)]
    [InlineData(503, 0)]
    public async Task SendAsync_RateLimitedOrUnavailable_TransientThenSentOnce(int status, int code)
    {
        await using var h = await SmsHarness.CreateAsync(_twilio);
        var channel = SmsFixtures.SmsChannelOf(h);
        var message = await SmsFixtures.MessageAsync(h, SmsFixtures.Phone);
        _twilio.Faults.Enqueue(FakeTwilio.Fault.NotCreated(status, code));

        var first = await channel.SendAsync(message, None);
        var second = await channel.SendAsync(message, None);

        Assert.Equal(SendResult.Transient, first.Result);
        Assert.Equal(SendResult.Sent, second.Result);
        Assert.Single(_twilio.Messages);
    }

    [Fact]
    public async Task SendAsync_ServerErrorAfterTheProviderCreatedIt_RetryAdoptsItNeverSendsTwice()
    {
        await using var h = await SmsHarness.CreateAsync(_twilio);
        var channel = SmsFixtures.SmsChannelOf(h);
        var message = await SmsFixtures.MessageAsync(h, SmsFixtures.Phone);
        _twilio.Faults.Enqueue(FakeTwilio.Fault.ErrorAfterCreate(500));

        var first = await channel.SendAsync(message, None);
        var second = await channel.SendAsync(message, None);

        Assert.Equal(SendResult.Transient, first.Result);
        Assert.Equal(SendResult.Sent, second.Result);
        Assert.Equal(1, _twilio.Posts);
        Assert.Equal(Assert.Single(_twilio.Messages).Key, second.ProviderId);
    }

    [Fact]
    public async Task SendAsync_ProviderTimesOut_TransientThenAdoptedNeverSentTwice()
    {
        // Long enough that the lookup on a loaded 2-core machine never times out too; the fake answers after 20 s.
        await using var h = await SmsHarness.CreateAsync(_twilio, timeout: "00:00:03");
        var channel = SmsFixtures.SmsChannelOf(h);
        var message = await SmsFixtures.MessageAsync(h, SmsFixtures.Phone);
        _twilio.Faults.Enqueue(FakeTwilio.Fault.Late(TimeSpan.FromSeconds(20)));

        var first = await channel.SendAsync(message, None);
        var second = await channel.SendAsync(message, None);

        Assert.Equal(SendResult.Transient, first.Result);
        Assert.Contains("timed out", first.Error, StringComparison.Ordinal);
        Assert.Equal(SendResult.Sent, second.Result);
        Assert.Equal(Assert.Single(_twilio.Messages).Key, second.ProviderId);
    }

    [Fact]
    public async Task SendAsync_SameDeliveryAgainAfterSuccess_NotPostedAgain()
    {
        await using var h = await SmsHarness.CreateAsync(_twilio);
        var channel = SmsFixtures.SmsChannelOf(h);
        var message = await SmsFixtures.MessageAsync(h, SmsFixtures.Phone);

        var first = await channel.SendAsync(message, None);
        var again = await channel.SendAsync(message, None);

        Assert.Equal(first.ProviderId, again.ProviderId);
        Assert.Equal(1, _twilio.Posts);
    }

    [Fact]
    public async Task SendAsync_AttemptDiedBeforeRecordingTheAnswer_NextAttemptAdoptsNeverSendsTwice()
    {
        await using var h = await SmsHarness.CreateAsync(_twilio);
        var channel = SmsFixtures.SmsChannelOf(h);
        var message = await SmsFixtures.MessageAsync(h, SmsFixtures.Phone);
        var first = await channel.SendAsync(message, None);
        // As if the process died after the provider created the message but before its sid was written.
        await using (var connection = await h.Database.Factory.OpenAsync(None))
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE exchange_sms_sends SET state = 'pending', sid = NULL WHERE delivery_id = @id", new { id = message.DeliveryId });
        }

        var again = await channel.SendAsync(message, None);

        Assert.Equal(SendResult.Sent, again.Result);
        Assert.Equal(first.ProviderId, again.ProviderId);
        Assert.Equal(1, _twilio.Posts);
    }

    [Fact]
    public async Task SendAsync_WrongAuthToken_TransientNothingSent()
    {
        await using var h = await ExchangeHarness.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Fairdrop:Exchange:Sms:BaseUrl"] = _twilio.BaseUrl,
            ["Fairdrop:Exchange:Sms:AccountSid"] = FakeTwilio.AccountSid,
            ["Fairdrop:Exchange:Sms:AuthToken"] = "wrong",
            ["Fairdrop:Exchange:Sms:From"] = FakeTwilio.From,
        });

        var outcome = await SmsFixtures.SmsChannelOf(h).SendAsync(await SmsFixtures.MessageAsync(h, SmsFixtures.Phone), None);

        Assert.Equal(SendResult.Transient, outcome.Result);
        Assert.Contains("code 20003", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(_twilio.Messages);
    }
}

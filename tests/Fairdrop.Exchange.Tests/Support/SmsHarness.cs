using Fairdrop.Testing;
using Fairdrop.Core.Storage;

namespace Fairdrop.Exchange.Tests.Support;

/// <summary>The exchange harness pointed at a <see cref="FakeTwilio"/>.</summary>
internal static class SmsHarness
{
    public static Task<ExchangeHarness> CreateAsync(FakeTwilio twilio, StorageProvider provider = StorageProvider.Sqlite, string timeout = "00:00:02") =>
        ExchangeHarness.CreateAsync(provider, new Dictionary<string, string?>
        {
            ["Fairdrop:Exchange:Sms:BaseUrl"] = twilio.BaseUrl,
            ["Fairdrop:Exchange:Sms:AccountSid"] = FakeTwilio.AccountSid,
            ["Fairdrop:Exchange:Sms:AuthToken"] = FakeTwilio.AuthToken,
            ["Fairdrop:Exchange:Sms:From"] = FakeTwilio.From,
            ["Fairdrop:Exchange:Sms:Timeout"] = timeout,
            ["Fairdrop:Exchange:PublicBaseUrl"] = "https://fairdrop.example",
        });
}

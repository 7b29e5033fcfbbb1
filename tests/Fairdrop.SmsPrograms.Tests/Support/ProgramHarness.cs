using Fairdrop.Core;
using Fairdrop.Core.Shoppers;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Core.Tenancy;
using Fairdrop.Exchange;
using Fairdrop.Exchange.Channels.Sms;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Inbound;
using Fairdrop.SmsPrograms.Programs;
using Fairdrop.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.SmsPrograms.Tests.Support;

/// <summary>
/// Core, the exchange and SMS programs over a fresh real database with a fake clock, the exchange's SMS channel aimed at
/// a <see cref="FakeTwilio"/>. Inbound texts come in signed and are checked by the exchange's
/// <see cref="SmsWebhookSignatures"/> before <see cref="InboundService"/> routes them, as the webhook endpoint does.
/// </summary>
internal sealed class ProgramHarness : IAsyncDisposable
{
    public const string PublicBase = "https://fairdrop.example";

    private ProgramHarness(TestDatabase database, ServiceProvider services, FakeTimeProvider time, FakeTwilio twilio, Guid merchantId, FakeStorefrontKeys keys)
    {
        Keys = keys;
        Database = database;
        Services = services;
        Time = time;
        Twilio = twilio;
        MerchantId = merchantId;
    }

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public FakeTwilio Twilio { get; }

    public Guid MerchantId { get; }

    /// <summary>The publishable keys the storefront opt-in knows (restock's, in the app).</summary>
    public FakeStorefrontKeys Keys { get; }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public static async Task<ProgramHarness> CreateAsync(FakeTwilio twilio, StorageProvider provider, DateTimeOffset? now = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 3, 5, 17, 0, 0, TimeSpan.Zero));
        var keys = new FakeStorefrontKeys();
        var services = await StartAsync(database, twilio, time, keys);
        var (merchant, _) = await services.GetRequiredService<MerchantStore>().CreateAsync("shop", CancellationToken.None);
        return new ProgramHarness(database, services, time, twilio, merchant.Id, keys);
    }

    /// <summary>
    /// The same database, merchant and clock under new services, as after a crash and restart: this harness's
    /// services are disposed with nothing else done, and the returned harness owns the database from now on.
    /// </summary>
    public async Task<ProgramHarness> RestartAsync()
    {
        await Services.DisposeAsync();
        return new ProgramHarness(Database, await StartAsync(Database, Twilio, Time, Keys), Time, Twilio, MerchantId, Keys);
    }

    private static async Task<ServiceProvider> StartAsync(TestDatabase database, FakeTwilio twilio, FakeTimeProvider time, FakeStorefrontKeys keys)
    {
        var values = new Dictionary<string, string?>(database.Settings)
        {
            ["Fairdrop:Exchange:RunWorkers"] = "false",
            ["Fairdrop:Exchange:PublicBaseUrl"] = PublicBase,
            ["Fairdrop:Exchange:Sms:BaseUrl"] = twilio.BaseUrl,
            ["Fairdrop:Exchange:Sms:AccountSid"] = FakeTwilio.AccountSid,
            ["Fairdrop:Exchange:Sms:AuthToken"] = FakeTwilio.AuthToken,
            ["Fairdrop:Exchange:Sms:From"] = FakeTwilio.From,
            // Reward webhooks go to a receiver on loopback, allowed as an operator would allow an internal host.
            ["Fairdrop:Outbound:AllowedNetworks:0"] = "127.0.0.1",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddFairdropCore(configuration);
        services.AddFairdropExchange(configuration);
        services.AddSingleton<IStorefrontKeys>(keys);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFairdropSmsPrograms();
        var built = services.BuildServiceProvider();
        await built.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        return built;
    }

    public async Task<SmsProgram> ProgramAsync(int dailyCap = 5, string? rewardWebhookUrl = null, params string[] rewardCodes)
    {
        var created = await Get<SmsProgramService>().CreateAsync(MerchantId, new NewSmsProgram(
            "Acme Drops", "DROPS", "Up to 6 msgs/month", Aliases: ["DROP"], Numbers: [FakeTwilio.From], ReferralDailyCap: dailyCap, RewardCodes: rewardCodes,
            RewardWebhookUrl: rewardWebhookUrl), CancellationToken.None);
        Assert.True(created.TryGetValue(out var program, out var error), error?.Message);
        return program;
    }

    /// <summary>
    /// An inbound text, signed as Twilio signs it and verified by the exchange before it is routed, then handled by the
    /// programs as the exchange's inbound worker would at once (the harness runs no workers).
    /// </summary>
    public async Task<InboundResult> TextAsync(string from, string body, string messageSid)
    {
        var result = await ReceiveAsync(from, body, messageSid);
        await Get<InboundService>().HandleWaitingAsync(CancellationToken.None);
        return result;
    }

    /// <summary>As <see cref="TextAsync"/>, the webhook's part only: stored and answered, waiting for the programs.</summary>
    public async Task<InboundResult> ReceiveAsync(string from, string body, string messageSid)
    {
        var path = $"/api/v1/exchange/sms/{MerchantId}/inbound";
        var form = new Dictionary<string, string> { ["MessageSid"] = messageSid, ["From"] = from, ["To"] = FakeTwilio.From, ["Body"] = body };
        var signature = TwilioRequestSigner.Sign(FakeTwilio.AuthToken, PublicBase + path, form);
        Assert.Null(Get<SmsWebhookSignatures>().CheckSignature(path, form, signature, "inbound SMS", "127.0.0.1"));
        var routed = await Get<InboundService>().ReceiveSmsAsync(MerchantId, messageSid, from, FakeTwilio.From, body, CancellationToken.None);
        Assert.True(routed.TryGetValue(out var result, out var error), error?.Message);
        return result;
    }

    /// <summary>Sends every delivery due now through the exchange's dispatcher to the fake provider.</summary>
    public async Task DispatchAsync()
    {
        while (await Get<ExchangeDispatch>().DispatchOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    /// <summary>The texts the provider took for <paramref name="phone"/>, oldest first by body order of arrival unknown: callers match on content.</summary>
    public IReadOnlyList<string> TextsTo(string phone) =>
        Twilio.Messages.Values.Where(m => m["To"] == phone).Select(m => m["Body"]).ToList();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}

using System.Globalization;
using Fairdrop.Core;
using Fairdrop.Core.Staff;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Core.Tenancy;
using Fairdrop.Exchange;
using Fairdrop.Mailboxes.Model;
using Fairdrop.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Mailboxes.Tests;

/// <summary>
/// The module as the host composes it (Core, the exchange whose conversations it is fed, Mailboxes) over a real migrated
/// database, time moved by hand, email sends captured; the exchange's workers do not run (tests dispatch by hand).
/// </summary>
internal sealed class MailboxHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-06-15T12:00:00Z", CultureInfo.InvariantCulture);

    private MailboxHarness(TestDatabase db, ServiceProvider services, FakeTimeProvider time, CapturingSender sender, Guid merchantId, CapturedLogs logs)
    {
        Logs = logs;
        Db = db;
        Services = services;
        Time = time;
        Sender = sender;
        MerchantId = merchantId;
    }

    public TestDatabase Db { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public CapturingSender Sender { get; }

    public Guid MerchantId { get; }

    public CapturedLogs Logs { get; }

    public MailboxService Mailboxes => Services.GetRequiredService<MailboxService>();

    public MailboxAdminService MailboxAdmin => Services.GetRequiredService<MailboxAdminService>();

    public StaffService Staff => Services.GetRequiredService<StaffService>();

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public static async Task<MailboxHarness> CreateAsync(StorageProvider provider, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var sender = new CapturingSender();
        var services = new ServiceCollection();
        var logs = new CapturedLogs();
        services.AddLogging(b => b.AddProvider(logs));
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IMailboxSender>(sender);
        var values = new Dictionary<string, string?>(db.Settings)
        {
            ["Fairdrop:Exchange:RunWorkers"] = "false",
            ["Fairdrop:Exchange:PublicBaseUrl"] = "https://fairdrop.test",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        services.AddFairdropCore(configuration);
        services.AddFairdropExchange(configuration);
        services.AddFairdropMailboxes(configuration);
        var provider2 = services.BuildServiceProvider();
        await provider2.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        var (merchant, _) = await provider2.GetRequiredService<MerchantStore>().CreateAsync("Shop", CancellationToken.None);
        return new MailboxHarness(db, provider2, time, sender, merchant.Id, logs);
    }

    public async Task<Guid> AccountAsync(string kind = "mailbox", string? address = "support@shop.test")
    {
        var result = await MailboxAdmin.CreateAccountAsync(MerchantId, new NewMailboxAccount(kind, "Support", address), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value!.Id;
    }

    public async Task<StaffUser> StaffAsync(string role, Guid? employeeId = null)
    {
        var email = $"{Guid.NewGuid():N}@shop.test";
        var invited = await Staff.InviteAsync(MerchantId, email, "Staff", role, employeeId, CancellationToken.None);
        Assert.True(invited.IsSuccess, invited.Error?.Message);
        return invited.Value!.User;
    }

    public async Task SetAsync(Guid accountId, MailboxUser subject, params RangeSpec[] ranges)
    {
        var result = await MailboxAdmin.SetRangesAsync(MerchantId, accountId, subject, ranges, "test", CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    /// <summary>Gives the account's default mailbox user every message (until ten years on), for tests about content rather than ranges.</summary>
    public Task SeeAllAsync(Guid accountId) => SetAsync(accountId, MailboxUser.Default, new RangeSpec(RangeKind.Until, Deadline: Start.AddYears(10)));

    public async Task<MailboxMessage> AddAsync(Guid accountId, DateTimeOffset at, string subject = "Order", string body = "Where is my order?", string? messageId = null, string? inReplyTo = null)
    {
        var result = await MailboxAdmin.AddMessageAsync(MerchantId, accountId, new NewMessage(at, "in", "Shopper <shopper@example.com>", "support@shop.test", subject, body, MessageIdHeader: messageId, InReplyTo: inReplyTo), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value!;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Db.DisposeAsync();
    }
}

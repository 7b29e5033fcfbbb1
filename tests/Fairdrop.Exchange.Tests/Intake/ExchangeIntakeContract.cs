using System.Text.Json;
using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Intake;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Fairdrop.Exchange.Tests.Support;

namespace Fairdrop.Exchange.Tests.Intake;

/// <summary>
/// The intake on a real database, SQLite and PostgreSQL alike: everything it writes commits or rolls back with the
/// caller's transaction, contacts are the exchange's (E.164 phones), distributions open once per key, and bulk
/// deliveries count what was new, skip what exists, and can be written claimed and released again.
/// </summary>
public abstract class ExchangeIntakeContract
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly JsonElement Data = JsonSerializer.SerializeToElement(new { title = "Red sneaker" });

    protected abstract StorageProvider Provider { get; }

    [SkippableFact]
    public async Task UpsertRecipient_InARolledBackTransaction_LeavesNothing()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var intake = h.Get<ExchangeIntake>();
        await using var connection = await h.Database.Factory.OpenAsync(None);

        Guid id;
        await using (var write = await h.Database.Factory.Dialect.BeginWriteAsync(connection, None))
        {
            var upserted = await intake.UpsertRecipientAsync(connection, write.Transaction, h.MerchantId, Shopper("ana", new Contacts(Email: "ana@shop.example")), h.Time.GetUtcNow(), None);
            id = upserted.Value;
            Assert.True(upserted.IsSuccess);
            Assert.Equal(1L, await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM exchange_recipients", transaction: write.Transaction));
            await write.RollbackAsync(None);
        }

        Assert.Null(await h.Get<RecipientStore>().GetAsync(h.MerchantId, id, None));
        Assert.Equal(0L, await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM exchange_recipients"));
    }

    [SkippableFact]
    public async Task UpsertRecipient_PhoneWithSpaces_StoredInE164_AndAgainBySameExternalIdUpdatesInPlace()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var intake = h.Get<ExchangeIntake>();
        await using var connection = await h.Database.Factory.OpenAsync(None);

        await using var write = await h.Database.Factory.Dialect.BeginWriteAsync(connection, None);
        var first = await intake.UpsertRecipientAsync(connection, write.Transaction, h.MerchantId, Shopper("bo", new Contacts(Phone: "+44 20 7946 0958")), h.Time.GetUtcNow(), None);
        var again = await intake.UpsertRecipientAsync(connection, write.Transaction, h.MerchantId, Shopper("bo", new Contacts(Phone: "+1 415-555-0123")), h.Time.GetUtcNow(), None);
        var invalid = await intake.UpsertRecipientAsync(connection, write.Transaction, h.MerchantId, Shopper("cy", new Contacts(Phone: "+1 555")), h.Time.GetUtcNow(), None);
        await write.CommitAsync(None);

        Assert.Equal(first.Value, again.Value);
        Assert.Equal("contacts.phone", invalid.Error?.Field);
        var stored = await h.Get<RecipientStore>().GetAsync(h.MerchantId, first.Value, None);
        Assert.Equal("+14155550123", stored!.Contacts.Phone);
        Assert.Equal(["+14155550123"], await connection.QueryAsync<string>("SELECT phone FROM exchange_recipients")); // inbound SMS find their sender by it
    }

    [SkippableFact]
    public async Task OpenDistribution_SameKeyTwice_OneMatchedDistribution()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var intake = h.Get<ExchangeIntake>();
        var sender = await h.AddSenderAsync(new SenderRules([Channel.Email]));
        await using var connection = await h.Database.Factory.OpenAsync(None);
        var wave = new MatchedDistribution(h.MerchantId, sender.Id, "restock", "restock", "restock:r1:1", Content(), Data);

        await using var write = await h.Database.Factory.Dialect.BeginWriteAsync(connection, None);
        var first = await intake.OpenDistributionAsync(connection, write.Transaction, wave, h.Time.GetUtcNow(), None);
        var second = await intake.OpenDistributionAsync(connection, write.Transaction, wave with { Data = JsonSerializer.SerializeToElement(new { title = "Another" }) }, h.Time.GetUtcNow(), None);
        await write.CommitAsync(None);

        Assert.Equal(first, second);
        var stored = await h.Get<DistributionStore>().GetAsync(h.MerchantId, first, None);
        Assert.Equal(Distribution.Matched, stored!.Status);
        Assert.Equal(h.Time.GetUtcNow(), stored.MatchedAt);
        Assert.Equal("Red sneaker", stored.Data.GetProperty("title").GetString()); // the first one stays
        Assert.Empty(stored.Audience.ExternalIds!); // nothing else ever matches it
        Assert.Equal(1L, await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM exchange_distributions"));
    }

    [SkippableFact]
    public async Task CreateSender_InTheCallersTransaction_StoredWithItsRules()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        await using var connection = await h.Database.Factory.OpenAsync(None);

        await using var write = await h.Database.Factory.Dialect.BeginWriteAsync(connection, None);
        var id = await h.Get<ExchangeIntake>().CreateSenderAsync(
            connection, write.Transaction, h.MerchantId, "Restock alerts", "alerts@shop.example", new SenderRules([Channel.Email, Channel.Sms]), h.Time.GetUtcNow(), None);
        await write.CommitAsync(None);

        var sender = await h.Get<SenderStore>().GetAsync(h.MerchantId, id, None);
        Assert.Equal(("Restock alerts", "alerts@shop.example"), (sender!.Name, sender.FromAddress));
        Assert.Equal([Channel.Email, Channel.Sms], sender.Rules.Channels);
        Assert.False(string.IsNullOrEmpty(sender.WebhookSecret));
    }

    [SkippableFact]
    public async Task DeliveryBatch_Enqueue_CountsNewSkipsExisting_ClaimedOnesReleasable_ClaimableByTheDispatcher()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var (connection, distribution, recipients) = await SetUpAsync(h, 3);
        await using var _ = connection;
        var now = h.Time.GetUtcNow();
        var lease = now.AddMinutes(1);

        long first;
        long second;
        using (var batch = new DeliveryBatch(connection, h.MerchantId, distribution, "restock", now))
        {
            batch.Add(Guid.NewGuid(), recipients[0], "email", now, lease);
            batch.Add(Guid.NewGuid(), recipients[1], "email", now.AddHours(1));
            Assert.Equal(2, batch.Pending);
            await using var write = await h.Database.Factory.Dialect.BeginWriteAsync(connection, None);
            first = await batch.ExecuteAsync(write.Transaction, None);
            Assert.Equal(0, batch.Pending);

            // The same recipients again (a chunk redone) and one more: only the new one is written.
            batch.Add(Guid.NewGuid(), recipients[0], "email", now);
            batch.Add(Guid.NewGuid(), recipients[1], "email", now);
            batch.Add(Guid.NewGuid(), recipients[2], "in_app", now);
            second = await batch.ExecuteAsync(write.Transaction, None);
            await write.CommitAsync(None);
        }

        Assert.Equal((2L, 1L), (first, second));
        var rows = (await connection.QueryAsync<(string Status, string Channel)>(
            "SELECT status, channel FROM exchange_deliveries ORDER BY status, channel")).ToList();
        Assert.Equal([("scheduled", "email"), ("scheduled", "in_app"), ("sending", "email")], rows);

        // Due now and not claimed: the in-app one; the claimed one is the handoff's until its lease runs out.
        var claimed = await h.Get<DeliveryStore>().ClaimAsync(now, TimeSpan.FromMinutes(1), 10, None);
        Assert.Equal([recipients[2]], claimed.Select(c => c.RecipientId));
    }

    [SkippableFact]
    public async Task DeliveryBatch_ReleaseClaims_WrittenClaimedGoBackToScheduled()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var (connection, distribution, recipients) = await SetUpAsync(h, 2);
        await using var _ = connection;
        var now = h.Time.GetUtcNow();

        using var batch = new DeliveryBatch(connection, h.MerchantId, distribution, "restock", now);
        batch.Add(Guid.NewGuid(), recipients[0], "email", now, now.AddMinutes(1));
        batch.Add(Guid.NewGuid(), recipients[1], "email", now, now.AddMinutes(1));
        await using (var write = await h.Database.Factory.Dialect.BeginWriteAsync(connection, None))
        {
            Assert.Equal(2L, await batch.ExecuteAsync(write.Transaction, None));
            await batch.ReleaseClaimsAsync(write.Transaction, None);
            await write.CommitAsync(None);
        }

        Assert.Equal(2, (await h.Get<DeliveryStore>().ClaimAsync(now, TimeSpan.FromMinutes(1), 10, None)).Count);
    }

    [SkippableFact]
    public async Task DropPending_OnlyTheMerchantsScheduledDeliveries()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var (connection, distribution, recipients) = await SetUpAsync(h, 2);
        await using var _ = connection;
        var now = h.Time.GetUtcNow();
        var (waiting, sending) = (Guid.NewGuid(), Guid.NewGuid());
        using var batch = new DeliveryBatch(connection, h.MerchantId, distribution, "restock", now);
        batch.Add(waiting, recipients[0], "email", now.AddHours(8));
        batch.Add(sending, recipients[1], "email", now, now.AddMinutes(1));

        await using var write = await h.Database.Factory.Dialect.BeginWriteAsync(connection, None);
        await batch.ExecuteAsync(write.Transaction, None);
        var otherMerchant = await ExchangeIntake.DropPendingAsync(connection, write.Transaction, Guid.NewGuid(), [waiting], "unsubscribed", None);
        var dropped = await ExchangeIntake.DropPendingAsync(connection, write.Transaction, h.MerchantId, [waiting, sending], "unsubscribed", None);
        await write.CommitAsync(None);

        Assert.Equal((0, 1), (otherMerchant, dropped));
        var statuses = (await connection.QueryAsync<(Guid Id, string Status, string? Reason)>("SELECT id, status, reason FROM exchange_deliveries")).ToDictionary(r => r.Id);
        Assert.Equal(("dropped", "unsubscribed"), (statuses[waiting].Status, statuses[waiting].Reason));
        Assert.Equal("sending", statuses[sending].Status);
    }

    [SkippableFact]
    public async Task Tallies_SentAndClickedPerDistribution()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var (connection, distribution, recipients) = await SetUpAsync(h, 2);
        await using var _ = connection;
        var now = h.Time.GetUtcNow();
        var delivery = Guid.NewGuid();
        using var batch = new DeliveryBatch(connection, h.MerchantId, distribution, "restock", now);
        batch.Add(delivery, recipients[0], "email", now);
        batch.Add(Guid.NewGuid(), recipients[1], "email", now);
        await using (var write = await h.Database.Factory.Dialect.BeginWriteAsync(connection, None))
        {
            await batch.ExecuteAsync(write.Transaction, None);
            await write.CommitAsync(None);
        }

        await connection.ExecuteAsync("UPDATE exchange_deliveries SET status = 'sent'");
        var clicks = h.Get<Fairdrop.Exchange.Engagement.ClickTracking>();
        Assert.True(await clicks.RecordAsync(delivery, "https://shop.example/p", null, None));
        Assert.True(await clicks.RecordAsync(delivery, "https://shop.example/other", null, None)); // another link of the same delivery

        var tallies = await h.Get<DistributionTallies>().CountAsync(h.MerchantId, [distribution, Guid.NewGuid()], None);
        Assert.Equal(new DistributionTally(2, 2, 1), Assert.Single(tallies).Value);
    }

    [SkippableFact]
    public async Task DeliveryBatch_SourceKeyOrRecipientExists_SkipsTheRow_CountsOnlyNewOnes()
    {
        await using var h = await ExchangeHarness.CreateAsync(Provider);
        var (connection, distribution, recipients) = await SetUpAsync(h, 2);
        await using var _ = connection;
        var now = h.Time.GetUtcNow();
        var first = Guid.NewGuid();

        Assert.Equal(1, await WriteAsync(h, connection, distribution, now, (first, recipients[0], "k1")));
        Assert.Equal(0, await WriteAsync(h, connection, distribution, now, (Guid.NewGuid(), recipients[1], "k1"), (Guid.NewGuid(), recipients[0], "k2")));
        Assert.Equal(1, await WriteAsync(h, connection, distribution, now, (Guid.NewGuid(), recipients[1], "k3")));

        var found = await KeyedDeliveries.FindAsync(connection, null, h.MerchantId, ["k1", "k2", "k3"], None);
        Assert.Equal(["k1", "k3"], found.Select(d => d.SourceKey).Order(StringComparer.Ordinal));
        Assert.Equal(first, found.Single(d => d.SourceKey == "k1").Id);
        var page = await KeyedDeliveries.PageAsync(connection, null, h.MerchantId, "k", "k1", 10, None);
        Assert.Equal("k3", Assert.Single(page).SourceKey);
        var tallies = await h.Get<DistributionTallies>().CountAsync(h.MerchantId, [distribution], None);
        Assert.Equal(2, Assert.Single(tallies).Value.Deliveries);
    }

    private static async Task<long> WriteAsync(
        ExchangeHarness h, System.Data.Common.DbConnection connection, Guid distribution, DateTimeOffset now, params (Guid Id, Guid Recipient, string Key)[] rows)
    {
        using var batch = new DeliveryBatch(connection, h.MerchantId, distribution, "restock", now);
        foreach (var (id, recipient, key) in rows)
        {
            batch.Add(id, recipient, "email", now, sourceKey: key);
        }

        await using var write = await h.Database.Factory.Dialect.BeginWriteAsync(connection, None);
        var written = await batch.ExecuteAsync(write.Transaction, None);
        await write.CommitAsync(None);
        return written;
    }

    private static async Task<(System.Data.Common.DbConnection Connection, Guid Distribution, Guid[] Recipients)> SetUpAsync(ExchangeHarness h, int recipients)
    {
        var intake = h.Get<ExchangeIntake>();
        var sender = await h.AddSenderAsync(new SenderRules([Channel.Email, Channel.InApp]));
        var connection = await h.Database.Factory.OpenAsync(None);
        await using var write = await h.Database.Factory.Dialect.BeginWriteAsync(connection, None);
        var distribution = await intake.OpenDistributionAsync(
            connection, write.Transaction, new MatchedDistribution(h.MerchantId, sender.Id, "restock", "restock", "k", Content(), Data), h.Time.GetUtcNow(), None);
        var ids = new Guid[recipients];
        for (var i = 0; i < recipients; i++)
        {
            ids[i] = (await intake.UpsertRecipientAsync(
                connection, write.Transaction, h.MerchantId, Shopper($"s{i}", new Contacts(Email: $"s{i}@shop.example", InAppUserId: $"u{i}")), h.Time.GetUtcNow(), None)).Value;
        }

        await write.CommitAsync(None);
        return (connection, distribution, ids);
    }

    private static IntakeRecipient Shopper(string externalId, Contacts contacts) =>
        new(externalId, contacts, new Dictionary<Channel, Consent> { [Channel.Email] = new("test", "yes", DateTimeOffset.UnixEpoch) }, RecipientRules.Default);

    private static DistributionContent Content() =>
        new(new EmailContent("{{ data.title }} is back", "<p><a href=\"https://shop.example/p\">Get it</a></p>", "Get it"), new InAppContent("Back", "Get it"));
}

public sealed class SqliteExchangeIntakeTests : ExchangeIntakeContract
{
    protected override StorageProvider Provider => StorageProvider.Sqlite;
}

public sealed class PostgresExchangeIntakeTests : ExchangeIntakeContract
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}

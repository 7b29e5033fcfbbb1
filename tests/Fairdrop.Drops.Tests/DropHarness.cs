using Fairdrop.Core;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Shoppers;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Core.Tenancy;
using Fairdrop.Drops;
using Fairdrop.Drops.Beacons;
using Fairdrop.Drops.Entries;
using Fairdrop.Drops.Sealing;
using Fairdrop.Drops.Model;
using Fairdrop.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Drops.Tests;

/// <summary>Drops over a real, migrated database: one merchant with a shopper-signing secret, time moved by hand.</summary>
internal sealed class DropHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-22T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private DropHarness(TestDatabase db, FakeTimeProvider time, DropsOptions options, IRandomnessBeacon? beacon)
    {
        Db = db;
        Time = time;
        Store = new DropStore(db.Factory);
        var ids = new IdGenerator(time);
        Merchants = new MerchantStore(db.Factory, ids, time);
        Secrets = new ShopperSecretStore(db.Factory, time);
        var guard = new StorefrontEntryGuard(new ShopperTokenVerifier(Secrets, time), new UnverifiedEntryLimiter(Options.Create(options), time));
        beacon ??= new NoBeacon();
        var sealer = new ScopeSealer(beacon, time);
        Creator = new DropCreator(Store, beacon, ids, time);
        Drops = new DropService(Store, guard, Verdicts, sealer, new EntryBatcher(Store, Verdicts, ids, time), ids, time);
        Late = new LateArrivalPlacer(Store, sealer, time);
        var pollView = new Polling.EntryPollView(time);
        Checkout = new DropCheckout(Store, Drops, Late, pollView, ids, time);
        Commands = new DropCommands(Store, Creator, Drops, Checkout, pollView, time);
        Queries = new DropQueries(Store, Drops, Late, time);
    }

    public TestDatabase Db { get; }

    /// <summary>The gate's verdicts as drops read them; tests add verdicts by hand.</summary>
    public StubGateVerdicts Verdicts { get; } = new();

    public FakeTimeProvider Time { get; }

    public DropStore Store { get; }

    public MerchantStore Merchants { get; }

    public ShopperSecretStore Secrets { get; }

    public DropCreator Creator { get; }

    public DropService Drops { get; }

    public DropCheckout Checkout { get; }

    public LateArrivalPlacer Late { get; }

    /// <summary>The public queries (audit, verification, proofs) over the same store and clock.</summary>
    public DropQueries Queries { get; }

    /// <summary>The public commands over the same store and clock.</summary>
    public DropCommands Commands { get; }

    public Guid MerchantId { get; private set; }

    /// <summary>The merchant's current shopper-signing secret, as its backend holds it.</summary>
    public string Secret { get; private set; } = string.Empty;

    /// <summary>A harness; with <paramref name="beacon"/>, drops it creates default to the beacon mode.</summary>
    internal static async Task<DropHarness> CreateAsync(StorageProvider provider, DropsOptions? options = null, IRandomnessBeacon? beacon = null, FakeTimeProvider? time = null)
    {
        time ??= new FakeTimeProvider(Start);
        var db = await TestDatabase.CreateAsync(provider);
        await new MigrationRunner(db.Factory,
            [new MigrationSource("core", typeof(CoreServiceCollectionExtensions).Assembly), new MigrationSource("drops", typeof(DropService).Assembly)],
            time, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
        var harness = new DropHarness(db, time, options ?? new DropsOptions(), beacon);
        harness.MerchantId = (await harness.Merchants.CreateAsync("Shop", CancellationToken.None)).Merchant.Id;
        harness.Secret = (await harness.Secrets.RotateAsync(harness.MerchantId, TimeSpan.Zero, CancellationToken.None)).Secret;
        return harness;
    }

    /// <summary>A storefront caller bringing a token for <paramref name="shopperId"/> signed the way a merchant's backend signs it.</summary>
    public StorefrontCaller Signed(string shopperId, string? secret = null, TimeSpan? lifetime = null) =>
        new(ShopperTokens.Sign(secret ?? Secret, shopperId, Time.GetUtcNow() + (lifetime ?? TimeSpan.FromMinutes(30))), "203.0.113.7", null);

    /// <summary>A storefront entry proved by a shopper token, as every storefront entry must be unless the drop allows otherwise.</summary>
    public Task<Fairdrop.Core.Errors.Result<EnteredDrop>> EnterAsync(Drop drop, string shopperId, string? priorityCode = null) =>
        Drops.EnterFromStorefrontAsync(drop.Id, new NewEntry(null, priorityCode), Signed(shopperId), CancellationToken.None);

    public async Task<Drop> CreateDropAsync(DropSpec spec) => (await Creator.CreateAsync(MerchantId, spec, CancellationToken.None)).Value!;

    public async ValueTask DisposeAsync() => await Db.DisposeAsync();
}

/// <summary>Gate verdicts set by a test: shopper → the verdict the gate would report.</summary>
internal sealed class StubGateVerdicts : IGateVerdicts
{
    public Dictionary<string, GateVerdict> Latest { get; } = [];

    public Task<GateVerdict?> LatestAsync(Guid merchantId, string shopperId, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(Latest.TryGetValue(shopperId, out var verdict) && verdict.At >= since ? verdict : null);
}

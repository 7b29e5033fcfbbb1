using Fairdrop.Core;
using Fairdrop.Core.Shoppers;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Hosting;
using Fairdrop.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Gate.Tests.Decisions;

/// <summary>The gate's verdicts as drops read them: the latest block or challenge of one shopper of one merchant, in the window.</summary>
public abstract class GateVerdictReaderContract(StorageProvider provider) : IAsyncLifetime
{
    private static readonly Guid Merchant = Guid.Parse("0193a5f0-0000-7000-8000-00000000beef");
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
    private GateNodeServices? _node;

    private ServiceProvider? _services => _node?.Services;

    public async Task InitializeAsync() => _node = await GateNodeServices.CreateAsync(provider);

    public async Task DisposeAsync() => await _node!.DisposeAsync();

    [SkippableFact]
    public async Task Latest_IsTheShoppersLastBlockOrChallenge_InTheWindow_ForThatMerchantOnly()
    {
        await _services!.GetRequiredService<BulkWriter>().InsertAsync(DecisionWriter.Table,
        [
            Decision(Merchant, "c-1", "challenge", "fast-cart", Now.AddMinutes(-20)),
            Decision(Merchant, "c-1", "block", "many-sessions", Now.AddMinutes(-5)),
            Decision(Merchant, "c-1", "allow", null, Now.AddMinutes(-1)),
            Decision(Merchant, "c-2", "block", "old", Now.AddHours(-2)),
            Decision(Guid.NewGuid(), "c-3", "block", "other-shop", Now.AddMinutes(-1)),
        ], CancellationToken.None);
        var verdicts = _services!.GetRequiredService<IGateVerdicts>();
        var since = Now.AddMinutes(-30);

        var latest = await verdicts.LatestAsync(Merchant, "c-1", since, CancellationToken.None);

        Assert.IsType<GateVerdictReader>(verdicts);
        Assert.Equal(new GateVerdict("block", "many-sessions", Now.AddMinutes(-5)), latest);
        Assert.Null(await verdicts.LatestAsync(Merchant, "c-2", since, CancellationToken.None));
        Assert.Null(await verdicts.LatestAsync(Merchant, "c-3", since, CancellationToken.None));

        var many = await verdicts.LatestAsync(Merchant, ["c-1", "c-2", "c-3", "nobody"], since, CancellationToken.None);

        Assert.Equal(new Dictionary<string, GateVerdict> { ["c-1"] = new("block", "many-sessions", Now.AddMinutes(-5)) }, many);
    }

    private static DecisionRecord Decision(Guid merchant, string customer, string decision, string? rule, DateTimeOffset at) =>
        new(Guid.CreateVersion7(at), merchant, at, decision, rule, rule ?? string.Empty, string.Empty, "v1", "POST", "/cart/add", "add_to_cart",
            "203.0.113.9", customer, "s-" + customer, "d-" + customer, "curl/8", "sku-1");
}

public sealed class SqliteGateVerdictReaderTests() : GateVerdictReaderContract(StorageProvider.Sqlite);

public sealed class PostgresGateVerdictReaderTests() : GateVerdictReaderContract(StorageProvider.Postgres);

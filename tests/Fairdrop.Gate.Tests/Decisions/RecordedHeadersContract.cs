using Fairdrop.Core.Storage;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Engine;
using Fairdrop.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Gate.Tests.Decisions;

/// <summary>Header presence in the decision log: recorded from the live request (names, never values), stored, read back and replayed as it was.</summary>
public abstract class RecordedHeadersContract(StorageProvider provider) : IAsyncLifetime
{
    private static readonly Guid Merchant = Guid.Parse("0193a5f0-0000-7000-8000-00000000cafe");
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
    private GateNodeServices? _node;

    public async Task InitializeAsync() => _node = await GateNodeServices.CreateAsync(provider);

    public async Task DisposeAsync() => await _node!.DisposeAsync();

    [SkippableFact]
    public async Task Headers_RecordedAsPresence_StoredAndReadBack_NullWhenNotRecorded()
    {
        var http = new DefaultHttpContext();
        http.Request.Headers.AcceptLanguage = "en-GB,en;q=0.9";
        http.Request.Headers.Cookie = "session_id=secret-value";
        http.Request.Headers["Sec-CH-UA"] = string.Empty; // sent empty: not there

        var recorded = RecordedHeaders.Of(http);

        Assert.Equal("accept-language,cookie", recorded);
        Assert.Null(RecordedHeaders.Of(null));
        await _node!.Services.GetRequiredService<BulkWriter>().InsertAsync(DecisionWriter.Table,
            [Decision("c-1", recorded, Now.AddMinutes(-2)), Decision("c-2", null, Now.AddMinutes(-1))], CancellationToken.None);
        var read = await _node.Services.GetRequiredService<DecisionStore>().ReadOldestFirstAsync(Merchant, null, CancellationToken.None).ToListAsync();

        Assert.Equal(["accept-language,cookie", null], read.Select(r => r.Headers));
        Assert.DoesNotContain(read, r => r.Headers?.Contains("secret", StringComparison.Ordinal) == true); // names, never values
    }

    [SkippableFact]
    public void Replay_ReadsARecordedHeaderAsPresent_AnUnrecordedOneAsEmpty()
    {
        var request = new GateRequest { RecordedHeaders = "accept-language,cookie" };

        Assert.Equal(GateRequest.ReplayedHeader, request.Header("Accept-Language"));
        Assert.Equal(string.Empty, request.Header("sec-ch-ua"));
        request.Reset();
        Assert.Equal(string.Empty, request.Header("accept-language")); // not recorded: unknown reads empty, as before
    }

    private static DecisionRecord Decision(string customer, string? headers, DateTimeOffset at) =>
        new DecisionRecord(Guid.CreateVersion7(at), Merchant, at, "allow", null, string.Empty, string.Empty, "v1", "GET", "/", "view_product",
            "203.0.113.9", customer, "s-" + customer, "d-" + customer, "Mozilla/5.0", "sku-1") { Headers = headers };
}

public sealed class SqliteRecordedHeadersTests() : RecordedHeadersContract(StorageProvider.Sqlite);

public sealed class PostgresRecordedHeadersTests() : RecordedHeadersContract(StorageProvider.Postgres);

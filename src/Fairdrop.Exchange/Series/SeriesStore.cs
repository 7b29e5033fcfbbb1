using System.Data.Common;
using Dapper;
using Fairdrop.Core.Storage;

namespace Fairdrop.Exchange.Series;

/// <summary>Series definitions and launches: the exchange's <c>exchange_series*</c> tables.</summary>
internal sealed class SeriesStore(DbConnectionFactory connections)
{
    private const string SelectSeries =
        "SELECT id AS Id, merchant_id AS MerchantId, sender_id AS SenderId, name AS Name, definition AS Definition, created_at AS CreatedAt FROM exchange_series";

    private const string LaunchColumns =
        "id AS Id, merchant_id AS MerchantId, series_id AS SeriesId, distribution_id AS DistributionId, idempotency_key AS IdempotencyKey, status AS Status, created_at AS CreatedAt";

    public async Task AddAsync(StoredSeries series, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO exchange_series (id, merchant_id, sender_id, name, definition, created_at) VALUES (@Id, @MerchantId, @SenderId, @Name, @definition, @CreatedAt)",
            new { series.Id, series.MerchantId, series.SenderId, series.Name, definition = ExchangeJson.Write(series.Definition), series.CreatedAt },
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
    }

    /// <summary>The merchant's series by id; null for an unknown id or another merchant's.</summary>
    public async Task<StoredSeries?> GetAsync(Guid merchantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SeriesRow>(new CommandDefinition(
            $"{SelectSeries} WHERE merchant_id = @merchantId AND id = @id",
            new { merchantId, id },
            cancellationToken: cancellationToken));
        return row?.ToSeries();
    }

    public async Task<IReadOnlyList<StoredSeries>> ListAsync(Guid merchantId, Guid? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SeriesRow>(new CommandDefinition(
            $"{SelectSeries} " +
            $"WHERE merchant_id = @merchantId{(after is null ? string.Empty : " AND id > @after")} ORDER BY id LIMIT @limit",
            new { merchantId, after, limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSeries())];
    }

    /// <summary>Inserts the launch unless the merchant has one with its idempotency key; the stored launch either way.</summary>
    public async Task<SeriesLaunch> AddLaunchAsync(SeriesLaunch launch, long? startTimeoutMs, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO exchange_series_launches (id, merchant_id, series_id, distribution_id, idempotency_key, start_timeout_ms, status, created_at) " +
            "VALUES (@Id, @MerchantId, @SeriesId, NULL, @IdempotencyKey, @startTimeoutMs, @Status, @CreatedAt) ON CONFLICT (merchant_id, idempotency_key) DO NOTHING",
            new { launch.Id, launch.MerchantId, launch.SeriesId, launch.IdempotencyKey, startTimeoutMs, launch.Status, launch.CreatedAt },
            write.Transaction,
            cancellationToken: cancellationToken));
        var stored = await connection.QuerySingleAsync<SeriesLaunch>(new CommandDefinition(
            $"SELECT {LaunchColumns} FROM exchange_series_launches WHERE merchant_id = @MerchantId AND idempotency_key = @IdempotencyKey",
            launch,
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return stored;
    }

    public async Task<SeriesLaunch> ActivateLaunchAsync(SeriesLaunch launch, Guid distributionId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE exchange_series_launches SET distribution_id = @distributionId, status = @active WHERE id = @Id",
            new { launch.Id, distributionId, active = SeriesLaunch.Active },
            write.Transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return launch with { DistributionId = distributionId, Status = SeriesLaunch.Active };
    }

    /// <summary>A launch by id alone (a reply names it through its delivery's distribution); the caller checks the merchant.</summary>
    public async Task<SeriesLaunch?> GetLaunchAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await GetLaunchAsync(connection, id, cancellationToken);
    }

    public static Task<SeriesLaunch?> GetLaunchAsync(DbConnection connection, Guid id, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<SeriesLaunch>(new CommandDefinition(
            $"SELECT {LaunchColumns} FROM exchange_series_launches WHERE id = @id", new { id }, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<SeriesLaunch>> ListLaunchesAsync(Guid merchantId, Guid seriesId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SeriesLaunch>(new CommandDefinition(
            $"SELECT {LaunchColumns} FROM exchange_series_launches WHERE merchant_id = @merchantId AND series_id = @seriesId ORDER BY id",
            new { merchantId, seriesId },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>A series by id alone, for a launch already checked to be the merchant's.</summary>
    public async Task<StoredSeries?> GetByIdAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SeriesRow>(new CommandDefinition(
            $"{SelectSeries} WHERE id = @id",
            new { id },
            cancellationToken: cancellationToken));
        return row?.ToSeries();
    }

    private sealed record SeriesRow(Guid Id, Guid MerchantId, Guid SenderId, string Name, string Definition, DateTimeOffset CreatedAt)
    {
        public StoredSeries ToSeries() => new(Id, MerchantId, SenderId, Name, ExchangeJson.Read<SeriesDefinition>(Definition), CreatedAt);
    }
}

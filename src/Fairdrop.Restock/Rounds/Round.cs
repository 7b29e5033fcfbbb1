namespace Fairdrop.Restock.Rounds;

/// <summary>
/// One restock round of a product: its policy and the wave it is writing. Where it stands in line is its job
/// execution's checkpoint (<see cref="RoundJob"/>), not a column of its own.
/// </summary>
public sealed record Round(
    Guid Id, Guid MerchantId, Guid ProductId, string Status, double AlertsPerUnit, long MinInventory, long IntervalSeconds, string OrderPolicy,
    DateTimeOffset AudienceUntil, long Waves, long Alerted,
    Guid? WaveDistributionId, long? WaveRemaining, DateTimeOffset? WaveStartedAt, long? WaveDone, DateTimeOffset NextWaveAt,
    DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt)
{
    public const string InProgress = "in_progress";
    public const string Paused = "paused";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";

    internal const string Columns =
        "id AS Id, merchant_id AS MerchantId, product_id AS ProductId, status AS Status, alerts_per_unit AS AlertsPerUnit, min_inventory AS MinInventory, interval_seconds AS IntervalSeconds, order_policy AS OrderPolicy, audience_until AS AudienceUntil, waves AS Waves, alerted AS Alerted, wave_distribution_id AS WaveDistributionId, wave_remaining AS WaveRemaining, wave_started_at AS WaveStartedAt, wave_done AS WaveDone, next_wave_at AS NextWaveAt, opened_at AS OpenedAt, closed_at AS ClosedAt";
}

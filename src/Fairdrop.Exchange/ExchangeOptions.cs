using System.ComponentModel.DataAnnotations;
using Fairdrop.Exchange.Dispatch;

namespace Fairdrop.Exchange;

/// <summary>Exchange settings, bound from <c>Fairdrop:Exchange</c> and validated at start.</summary>
public sealed class ExchangeOptions
{
    public const string Section = "Fairdrop:Exchange";

    /// <summary>Base URL of this service as recipients reach it; unsubscribe links start with it.</summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Key that signs unsubscribe links; when empty, a random key per process (links then break on restart).</summary>
    public string? UnsubscribeSecret { get; set; }

    /// <summary>Run the matching and dispatch workers in this process.</summary>
    public bool RunWorkers { get; set; } = true;

    [Range(1, 10_000)]
    public int MatchChunkSize { get; set; } = 500;

    /// <summary>Deliveries claimed together; their outcomes are recorded in one transaction (docs/adr/0004-batched-delivery-outcomes.md).</summary>
    [Range(1, 10_000)]
    public int DispatchBatchSize { get; set; } = 100;

    /// <summary>Deliveries of a batch rendered and sent at the same time (providers are network calls; rendering uses every core).</summary>
    [Range(1, 256)]
    public int DispatchConcurrency { get; set; } = 8;

    /// <summary>
    /// Dispatch loops each worker runs side by side, each claiming its own batches: while one loop claims, reads and
    /// records, another renders and sends. Two by default: <c>bench restock</c> (SQLite, 100,000 alerts, five
    /// alternating pairs on a quiet machine) averaged 11,145 alerts/s with two against 9,959 with one, and a shorter,
    /// steadier dispatch tail.
    /// </summary>
    [Range(1, 64)]
    public int DispatchLoops { get; set; } = 2;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claim holds; a claim older than this is taken back (the node died), see docs/exchange.md.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 6;

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Deliveries one node may have handed to one channel without their outcome recorded (docs/adr/0014): after a
    /// crash, at most this many per channel and node are uncertain, and only they can reach a recipient twice. 0 is
    /// unbounded: no send ledger, outcomes recorded once per batch, and a crash resends up to a whole batch unseen
    /// (kept for comparison in the benchmarks).
    /// </summary>
    [Range(0, 100_000)]
    public int InFlightBound { get; set; } = 64;

    /// <summary>
    /// On SQLite, keep the send ledger in a journal beside the database file rather than in it (docs/adr/0014, "The
    /// journal"): the same bound and guarantees, without a database write per slice. PostgreSQL nodes always use the table,
    /// which any node can read when it takes over another's claims.
    /// </summary>
    public bool SendJournal { get; set; } = true;

    /// <summary>Per channel name (email, sms, web_push, in_app, webhook), overriding <see cref="InFlightBound"/>; each at least 1.</summary>
    public Dictionary<string, int> InFlightBounds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What becomes of an uncertain delivery, by channel name: <c>resend</c> (the default) or <c>hold</c> for the operator.</summary>
    public Dictionary<string, RecoveryPolicy> Recovery { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The bound of <paramref name="channel"/>: its own setting, else <see cref="InFlightBound"/>.</summary>
    public int BoundOf(Matching.Channel channel) =>
        InFlightBound == 0 ? 0 : InFlightBounds.TryGetValue(Matching.ChannelNames.Name(channel), out var own) ? Math.Max(1, own) : InFlightBound;

    /// <summary>The recovery policy of <paramref name="channel"/>.</summary>
    public RecoveryPolicy RecoveryOf(Matching.Channel channel) =>
        Recovery.TryGetValue(Matching.ChannelNames.Name(channel), out var policy) ? policy : RecoveryPolicy.Resend;

    /// <summary>Messages per second per channel (provider account), by channel name: email, in_app, webhook.</summary>
    public Dictionary<string, double> RateLimits { get; set; } = new(StringComparer.Ordinal);

    public SmtpOptions Smtp { get; set; } = new();
}

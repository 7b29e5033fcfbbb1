using System.ComponentModel.DataAnnotations;

namespace Fairdrop.Gate.Activity;

/// <summary>Bounds of the activity store, bound from <c>Fairdrop:Gate:Activity</c>.</summary>
public sealed class ActivityOptions
{
    /// <summary>How far back activity functions see; windows longer than this are rejected by the checker.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Horizon { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Identities (of all kinds) held at once; beyond it, the longest idle are evicted.</summary>
    [Range(1_000, 100_000_000)]
    public int MaxIdentities { get; set; } = 1_000_000;

    /// <summary>Events kept per identity: counts are exact up to this number within the horizon.</summary>
    [Range(4, 4096)]
    public int MaxEventsPerIdentity { get; set; } = 64;

    /// <summary>Memory for events across all identities, in MiB (at most 15 GiB: blocks are addressed by 32-bit offsets); when spent, rings stop growing and overwrite their oldest event.</summary>
    [Range(1, 15_360)]
    public int MaxEventMemoryMegabytes { get; set; } = 256;

    /// <summary>
    /// Commit the memory store's identity tables in the background as soon as the store is built. Their slots are
    /// touched at random, so otherwise the first requests after a start each fault in a fresh page (a 2 MiB huge page
    /// took 6–8 ms on the project's VM, inside a shard's lock). Costs the tables' whole memory at once: 128 MiB for
    /// the default million identities. <c>fairdrop proxy</c> turns it on unless configured.
    /// </summary>
    public bool CommitTablesAtStart { get; set; }

    /// <summary><c>memory</c> (this process) or <c>redis</c> (shared by every gate node).</summary>
    [RegularExpression("^(memory|redis)$")]
    public string Store { get; set; } = "memory";

    /// <summary>Redis configuration (host:port) when <see cref="Store"/> is <c>redis</c>.</summary>
    public string? Redis { get; set; }

    /// <summary>Prefix of the Redis keys, so several gates (or tests) can share one Redis.</summary>
    public string RedisKeyPrefix { get; set; } = "fairdrop:gate:";
}

using System.ComponentModel.DataAnnotations;

namespace Fairdrop.Hosting;

/// <summary>HTTP limits, bound from <c>Fairdrop:Http</c>.</summary>
internal sealed class HttpOptions
{
    public const string Section = "Fairdrop:Http";

    /// <summary>Largest request body accepted, in bytes (default 1 MiB); larger ones get 413.</summary>
    [Range(1024, 1L << 30)]
    public long MaxRequestBodyBytes { get; set; } = 1 << 20;

    /// <summary>Server-sent-event streams one API key may hold open at once on a node (default 20); more get 429.</summary>
    [Range(1, 100_000)]
    public int MaxStreamsPerKey { get; set; } = 20;
}

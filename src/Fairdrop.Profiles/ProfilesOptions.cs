using System.ComponentModel.DataAnnotations;

namespace Fairdrop.Profiles;

/// <summary>Limits of image fetching and the rotation worker, bound from <c>Fairdrop:Profiles</c>.</summary>
public sealed class ProfilesOptions
{
    public const string Section = "Fairdrop:Profiles";

    /// <summary>Whether this node runs the rotation worker.</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>Largest image body fetched, in bytes.</summary>
    [Range(1024, 100_000_000)]
    public long MaxImageBytes { get; set; } = 10_000_000;

    /// <summary>Largest decoded image, in pixels (width × height), judged from the header before any decoding.</summary>
    [Range(1, 400_000_000)]
    public long MaxImagePixels { get; set; } = 40_000_000;

    /// <summary>Time allowed for one image fetch, redirects included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the worker looks for rotations to advance.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a worker holds a rotation; past it, another worker takes it over (a crashed node's rotation).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);
}

using System.ComponentModel.DataAnnotations;

namespace Fairdrop.Drops.Entries;

/// <summary>Drop settings bound from <c>Fairdrop:Drops</c>: the limits on unverified storefront entries.</summary>
internal sealed class DropsOptions
{
    public const string Section = "Fairdrop:Drops";

    /// <summary>
    /// Unverified entries into one drop per client address (IPv6: per /64) and window. Shoppers behind one carrier NAT
    /// share an address, which is why drops that matter should take shopper tokens instead.
    /// </summary>
    [Range(1, 1_000_000)]
    public int UnverifiedEntriesPerAddress { get; set; } = 10;

    /// <summary>Unverified entries into one drop per device id (cookie or header, as the gate reads it) and window.</summary>
    [Range(1, 1_000_000)]
    public int UnverifiedEntriesPerDevice { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan UnverifiedEntryWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A drand HTTP endpoint (for example <c>https://api.drand.sh</c>). With it and <see cref="BeaconChainHash"/>, new
    /// drops take their order from a beacon round drawn after each entry list is sealed (the beacon mode); without, they
    /// run in the weaker commitment mode (docs/drops.md says what each protects against).
    /// </summary>
    public Uri? BeaconUrl { get; set; }

    /// <summary>The drand chain's hash, 64 hex digits (quicknet: 52db9ba7…84e971, a round every 3 s).</summary>
    [RegularExpression("^[0-9a-fA-F]{64}$", ErrorMessage = "BeaconChainHash is a drand chain hash: 64 hex digits.")]
    public string? BeaconChainHash { get; set; }

    public bool BeaconConfigured => BeaconUrl is not null && BeaconChainHash is not null;
}

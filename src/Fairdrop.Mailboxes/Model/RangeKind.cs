namespace Fairdrop.Mailboxes.Model;

/// <summary>The four kinds of permission time range (docs/mailboxes.md has an example of each).</summary>
public enum RangeKind
{
    /// <summary>From now minus a fixed length to now; moves with the clock.</summary>
    Rolling,

    /// <summary>From a start instant to now.</summary>
    Since,

    /// <summary>From the system's initial time to a deadline.</summary>
    Until,

    /// <summary>From a start instant to a deadline.</summary>
    Between,
}

namespace Fairdrop.Exchange.Engagement;

/// <summary>What tracking adds to outgoing messages, bound from <c>Fairdrop:Exchange:Tracking</c>.</summary>
public sealed class TrackingOptions
{
    public const string Section = "Fairdrop:Exchange:Tracking";

    /// <summary>Add the 1×1 open pixel to HTML emails.</summary>
    public bool Opens { get; set; } = true;

    /// <summary>Rewrite links in email HTML and SMS text to signed redirects that record clicks.</summary>
    public bool Clicks { get; set; } = true;
}

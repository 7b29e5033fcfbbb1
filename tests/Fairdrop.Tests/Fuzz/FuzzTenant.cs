namespace Fairdrop.Tests.Fuzz;

/// <summary>One merchant of the fuzz run and the ids of what it owns; <see cref="Key"/> follows key rotations.</summary>
internal sealed class FuzzTenant(string label, int serial)
{
    public string Label { get; } = label;

    /// <summary>
    /// Put in every name, title and attribute of this tenant, so its data is recognisable in any response. Ids never
    /// contain it: the fuzz sends one tenant's ids with the other's key, and the names must stay unsent.
    /// </summary>
    public string Marker { get; } = $"fuzzname{label}{serial}".ToLowerInvariant();

    public string Key { get; set; } = string.Empty;

    public Guid MerchantId { get; set; }

    /// <summary>A second key, retiring in a week: the id the fuzz may revoke without locking itself out.</summary>
    public Guid SpareKeyId { get; set; }

    public Guid SenderId { get; set; }

    public Guid RecipientId { get; set; }

    public Guid DistributionId { get; set; }

    public Guid DropId { get; set; }

    public Guid SubscriptionId { get; set; }

    public string ProductId => $"product-{Label}{serial}";

    public string ExternalId => $"recipient-{Label}{serial}";

    public string UserId => $"user-{Label}{serial}";

    public string PublishableKey { get; set; } = string.Empty;

    /// <summary>Strings that must not reach another merchant: the marker (in every name) and every id.</summary>
    public IEnumerable<string> Secrets() =>
        new[] { MerchantId, SpareKeyId, SenderId, RecipientId, DistributionId, DropId, SubscriptionId }
            .Where(id => id != Guid.Empty).Select(id => id.ToString())
            .Concat([Marker, ProductId, ExternalId, UserId, PublishableKey]).Where(s => s.Length > 0);
}

using Fairdrop.Profiles.Model;

namespace Fairdrop.Profiles.Storage;

/// <summary>A social profile with its credential, for the adapters only.</summary>
internal sealed record ProfileRow(Guid Id, Guid MerchantId, string Network, string BaseUrl, string Handle, string Credential, DateTimeOffset CreatedAt)
{
    public const string Columns = "id AS Id, merchant_id AS MerchantId, network AS Network, base_url AS BaseUrl, handle AS Handle, credential AS Credential, created_at AS CreatedAt";

    public SocialProfile ToProfile() => new(Id, Network, BaseUrl, Handle, CreatedAt);
}

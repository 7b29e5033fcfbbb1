namespace Fairdrop.Api.Profiles;

/// <summary>Body of <c>POST /api/v1/profiles/preview</c>: the product image to try the merchant's template on, for a network's shape.</summary>
internal sealed record PreviewRequest(string? ImageUrl, string? BadgeText, string? Network);

/// <summary>Body of <c>PUT /api/v1/profiles/{id}/credential</c>: the new access token, app password or signing secret.</summary>
internal sealed record CredentialRequest(string? Credential);

namespace Fairdrop.Exchange.Templates;

/// <summary>The values one rendering sees.</summary>
internal sealed record TemplateModel(IReadOnlyDictionary<string, object?> Recipient, object? Data, string? UnsubscribeUrl);

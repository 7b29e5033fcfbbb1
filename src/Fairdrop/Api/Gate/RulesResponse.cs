namespace Fairdrop.Api.Gate;

/// <summary>The running rule set.</summary>
internal sealed record RulesResponse(string Version, int Rules, string Source);

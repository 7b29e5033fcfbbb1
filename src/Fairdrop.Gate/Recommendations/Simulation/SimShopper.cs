namespace Fairdrop.Gate.Recommendations.Simulation;

/// <summary>The identities one simulated request carries.</summary>
internal sealed record SimShopper(string? Ip, string Customer, string Session, string Device, string UserAgent);

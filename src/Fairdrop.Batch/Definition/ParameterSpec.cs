namespace Fairdrop.Batch.Definition;

/// <summary>A parameter a job accepts: required or not, identifying (part of the instance key) or not, and a check.</summary>
public sealed record ParameterSpec(string Name, bool Required, bool Identifying, Func<string, bool>? IsValid, string? Description);

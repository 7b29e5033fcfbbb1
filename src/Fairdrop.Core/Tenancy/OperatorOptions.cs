namespace Fairdrop.Core.Tenancy;

/// <summary>The operator (administrator) key, bound from <c>Fairdrop:OperatorKey</c> or the <c>FAIRDROP_OPERATOR_KEY</c> variable.</summary>
public sealed class OperatorOptions
{
    public const string Section = "Fairdrop";

    /// <summary>When empty, operator endpoints refuse every request.</summary>
    public string? OperatorKey { get; set; }
}

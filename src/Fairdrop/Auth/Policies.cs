namespace Fairdrop.Auth;

/// <summary>Authorization policies: the operator runs the installation, merchants run their shops.</summary>
internal static class Policies
{
    public const string Operator = "operator";
    public const string Merchant = "merchant";
}

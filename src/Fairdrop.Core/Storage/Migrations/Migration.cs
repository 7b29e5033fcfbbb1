namespace Fairdrop.Core.Storage.Migrations;

/// <summary>One ordered SQL script of a module, identified by the number that starts its file name.</summary>
public sealed record Migration(string Module, int Version, string Name, string Sql)
{
    /// <summary>SHA-256 of the script as written, so a script edited after it ran is caught at start-up.</summary>
    public string Checksum => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Sql)));
}

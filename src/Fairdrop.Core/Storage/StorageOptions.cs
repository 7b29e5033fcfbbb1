using System.ComponentModel.DataAnnotations;

namespace Fairdrop.Core.Storage;

/// <summary>Storage settings, bound from <c>Fairdrop:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Fairdrop:Storage";

    /// <summary>Folder of the SQLite file (<c>fairdrop.db</c>); created when missing.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>A PostgreSQL connection string; when set, PostgreSQL is used instead of SQLite.</summary>
    public string? Postgres { get; set; }

    public StorageProvider Provider => string.IsNullOrWhiteSpace(Postgres) ? StorageProvider.Sqlite : StorageProvider.Postgres;

    public string SqlitePath => Path.GetFullPath(Path.Combine(DataDirectory, "fairdrop.db"));
}

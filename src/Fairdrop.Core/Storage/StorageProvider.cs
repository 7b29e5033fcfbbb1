namespace Fairdrop.Core.Storage;

/// <summary>Which database holds Fairdrop's state.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file: one node, nothing to install.</summary>
    Sqlite,

    /// <summary>A shared PostgreSQL database: several nodes, work claimed with SKIP LOCKED.</summary>
    Postgres,
}

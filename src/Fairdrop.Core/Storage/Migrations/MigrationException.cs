namespace Fairdrop.Core.Storage.Migrations;

/// <summary>The database's recorded history disagrees with the scripts shipped: a bug or a tampered database, never retried.</summary>
public sealed class MigrationException(string message) : Exception(message);

using System.Data.Common;
using Fairdrop.Core.Storage;

namespace Fairdrop.Batch.Steps;

/// <summary>The open connection and write transaction of one chunk; writers must write through it.</summary>
public sealed record ChunkTransaction(DbConnection Connection, DbTransaction Transaction, SqlDialect Dialect);

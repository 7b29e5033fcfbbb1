using System.Data.Common;

namespace Fairdrop.Core.Storage;

/// <summary>
/// A transaction from <see cref="SqlDialect.BeginWriteAsync"/>. On SQLite it also holds its file's in-process write
/// gate (<see cref="SqliteWriteGate"/>) from begin until commit, rollback or disposal, whichever comes first. Commands
/// take <see cref="Transaction"/>; commit through this object, so the next writer starts as soon as this one commits.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable, IDisposable
{
    private readonly SqliteWriteTurn? _turn;

    internal WriteTransaction(DbTransaction transaction, SqliteWriteTurn? turn)
    {
        Transaction = transaction;
        _turn = turn;
    }

    public DbTransaction Transaction { get; }

    public DbConnection? Connection => Transaction.Connection;

    /// <summary>Commits, then lets the next writer in at once. When the commit fails the gate stays held until disposal rolls back.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await Transaction.CommitAsync(cancellationToken);
        ReleaseGate();
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        await Transaction.RollbackAsync(cancellationToken);
        ReleaseGate();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
        }
        finally
        {
            ReleaseGate();
        }
    }

    public void Dispose()
    {
        try
        {
            Transaction.Dispose();
        }
        finally
        {
            ReleaseGate();
        }
    }

    private void ReleaseGate() => _turn?.End();
}

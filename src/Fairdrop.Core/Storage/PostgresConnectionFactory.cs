using System.Data.Common;
using Npgsql;

namespace Fairdrop.Core.Storage;

/// <summary>Connections to a shared PostgreSQL database through one pooled <see cref="NpgsqlDataSource"/>.</summary>
public sealed class PostgresConnectionFactory : DbConnectionFactory, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresConnectionFactory(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException invalid)
        {
            // Npgsql's message names the bad keyword; the connection string itself may hold a password.
            throw new InvalidConnectionStringException($"The PostgreSQL connection string is invalid: {invalid.Message}");
        }

        Description = $"PostgreSQL database {builder.Database ?? builder.Username} on {builder.Host}:{builder.Port}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public override SqlDialect Dialect => PostgresDialect.Instance;

    public override string Description { get; }

    public NpgsqlDataSource DataSource => _dataSource;

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}

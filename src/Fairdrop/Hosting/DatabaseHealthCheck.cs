using Dapper;
using Fairdrop.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fairdrop.Hosting;

/// <summary>Ready when a connection opens and answers a query.</summary>
internal sealed class DatabaseHealthCheck(DbConnectionFactory connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
            return HealthCheckResult.Healthy(connections.Dialect.Name);
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"{connections.Description} is unreachable", exception);
        }
    }
}

using Dapper;
using Fairdrop.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Scenarios.Drops;

/// <summary>A bench cannot wait an hour for a drop's opening: it moves the opening to now (a bench-only shortcut).</summary>
internal static class BenchOpening
{
    public static async Task MoveToNowAsync(IServiceProvider services, Guid dropId, CancellationToken cancellationToken)
    {
        await using var connection = await services.GetRequiredService<DbConnectionFactory>().OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE drops SET opens_at = @now WHERE id = @dropId",
            new { now = services.GetRequiredService<TimeProvider>().GetUtcNow(), dropId }, cancellationToken: cancellationToken));
    }
}

using Fairdrop.Core.Storage.Migrations;
using Microsoft.Extensions.Hosting;

namespace Fairdrop.Hosting;

/// <summary>Applies migrations before anything else starts; registered first, so workers never see an old schema.</summary>
internal sealed class MigrationHostedService(MigrationRunner runner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runner.ApplyAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

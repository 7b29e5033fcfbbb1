using Microsoft.Extensions.Hosting;

namespace Fairdrop.Core.Hosting;

/// <summary>
/// A background service that runs only when a bound, validated option says so (<c>RunWorkers</c>): the switch is read
/// when the host starts, from options, instead of from raw configuration while services are registered.
/// </summary>
public sealed class OptionalHostedService(bool run, IHostedService inner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => run ? inner.StartAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => run ? inner.StopAsync(cancellationToken) : Task.CompletedTask;
}

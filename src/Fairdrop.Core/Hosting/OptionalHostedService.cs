using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fairdrop.Core.Hosting;

/// <summary>
/// Background services that run only when a bound, validated option says so (<c>RunWorkers</c>): the switch is read
/// when the host resolves its hosted services, from options, instead of from raw configuration while services are
/// registered. When the switch is on, the host is given the worker itself, not a wrapper: the host watches only a
/// <see cref="BackgroundService"/>'s work, and stops (so a supervisor restarts the process) when that work fails.
/// </summary>
public static class OptionalHostedService
{
    /// <summary>Registers <typeparamref name="TWorker"/> (already registered as itself) as a hosted service when <paramref name="run"/> says so.</summary>
    public static IServiceCollection AddOptionalHostedService<TWorker>(this IServiceCollection services, Func<IServiceProvider, bool> run)
        where TWorker : class, IHostedService =>
        // AddSingleton, not AddHostedService: the latter adds one factory per implementation type, and every worker
        // registered here would otherwise share the type of this factory's result.
        services.AddSingleton<IHostedService>(sp => run(sp) ? sp.GetRequiredService<TWorker>() : new Switched<TWorker>());

    /// <summary>Stands in for a worker whose switch is off: starts and stops nothing.</summary>
    public sealed class Switched<TWorker> : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

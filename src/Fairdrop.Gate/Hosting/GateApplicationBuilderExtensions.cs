using Microsoft.AspNetCore.Builder;

namespace Fairdrop.Gate.Hosting;

/// <summary><c>app.UseFairdropGate()</c>: judge every request that reaches this point of the pipeline.</summary>
public static class GateApplicationBuilderExtensions
{
    public static IApplicationBuilder UseFairdropGate(this IApplicationBuilder app) => app.UseMiddleware<GateMiddleware>();
}

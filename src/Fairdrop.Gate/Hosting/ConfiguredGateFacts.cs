using Fairdrop.Gate.Engine;
using Microsoft.Extensions.Options;

namespace Fairdrop.Gate.Hosting;

/// <summary>The default facts: limited products from configuration; customers unknown (never "new").</summary>
internal sealed class ConfiguredGateFacts(IOptions<GateOptions> options) : IGateFacts
{
    private readonly HashSet<string> _limited = new(options.Value.LimitedProducts, StringComparer.OrdinalIgnoreCase);

    public ValueTask FillAsync(GateRequest request, CancellationToken cancellationToken)
    {
        request.ProductLimited = request.ProductId.Length > 0 && _limited.Contains(request.ProductId);
        return ValueTask.CompletedTask;
    }
}

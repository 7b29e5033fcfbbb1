using Fairdrop.Gate.Engine;

namespace Fairdrop.Gate.Hosting;

/// <summary>
/// Supplies what the gate cannot see in the request: whether the product is limited, how old the
/// customer's account is, how many orders it has. Apps replace the default with their own.
/// </summary>
public interface IGateFacts
{
    ValueTask FillAsync(GateRequest request, CancellationToken cancellationToken);
}

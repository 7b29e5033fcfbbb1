using System.Text.Json;
using Fairdrop.Core.Outbound;
using Fairdrop.Profiles.Networks;

namespace Fairdrop.Profiles.Rotations;

/// <summary>A network call whose transport failures become results: refused destinations stop, the rest retry.</summary>
internal static class SafeCalls
{
    public static async Task<NetworkResult<T>> RunAsync<T>(Func<Task<NetworkResult<T>>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (HttpRequestException e)
        {
            return OutboundFailure.IsRefused(e) ? NetworkResult<T>.Stop(OutboundFailure.Describe(e)) : NetworkResult<T>.Retry(OutboundFailure.Describe(e));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return NetworkResult<T>.Retry("the network did not answer in time");
        }
        catch (JsonException)
        {
            return NetworkResult<T>.Retry("the network's answer could not be read");
        }
    }
}

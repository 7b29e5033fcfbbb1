using Fairdrop.Core.Errors;
using Fairdrop.Restock.Telemetry;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Restock.Waitlist;

/// <summary>
/// The storefront's way onto a waitlist: within the client's own rate limit, with the merchant's publishable key, from
/// an origin on the merchant's allow-list when a browser calls; never with a priority tier (only the merchant's backend
/// sets one).
/// </summary>
public sealed class StorefrontWaitlist
{
    private readonly RestockSettingsStore _settings;
    private readonly SubscribeRateLimiter _limiter;
    private readonly WaitlistService _waitlist;
    private readonly RestockMetrics _metrics;
    private readonly ILogger _logger;

    internal StorefrontWaitlist(RestockSettingsStore settings, SubscribeRateLimiter limiter, WaitlistService waitlist, RestockMetrics metrics, ILogger<StorefrontWaitlist> logger)
    {
        _settings = settings;
        _limiter = limiter;
        _waitlist = waitlist;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>
    /// Subscribes, or refuses the caller: rate limited (with when to retry), an unknown key (unauthorized), an origin not
    /// allowed (forbidden). Any other error comes after the caller was admitted.
    /// </summary>
    public async Task<Result<SubscribeResult>> SubscribeAsync(StorefrontCaller caller, SubscribeRequest request, CancellationToken cancellationToken)
    {
        var result = await AdmitAndSubscribeAsync(caller, request, cancellationToken);
        if (result.TryGetValue(out var subscribed, out var error))
        {
            _metrics.Subscribed(subscribed.Created ? "created" : "existing");
        }
        else
        {
            _metrics.Subscribed(error.Code);
            if (!Admitted(result))
            {
                Log.StorefrontCallerRefused(_logger, error.Code);
            }
        }

        return result;
    }

    private async Task<Result<SubscribeResult>> AdmitAndSubscribeAsync(StorefrontCaller caller, SubscribeRequest request, CancellationToken cancellationToken)
    {
        if (_limiter.TryAcquire(caller.ClientAddress, caller.PublishableKey) is { } retryAfter)
        {
            return RestockErrors.TooManySubscriptions(retryAfter);
        }

        if (await _settings.MerchantOfKeyAsync(caller.PublishableKey, cancellationToken) is not { } merchantId)
        {
            return RestockErrors.KeyRejected();
        }

        if (!string.IsNullOrEmpty(caller.Origin) && !StorefrontOrigins.IsAllowed(caller.Origin, await _settings.AllowedOriginsAsync(merchantId, cancellationToken)))
        {
            return RestockErrors.OriginRejected(caller.Origin);
        }

        return await _waitlist.SubscribeAsync(merchantId, request with { Tier = 0 }, cancellationToken);
    }

    /// <summary>Whether a result admitted its caller: a success, or an error about the subscription itself rather than who asked.</summary>
    public static bool Admitted(Result<SubscribeResult> result) =>
        result.IsSuccess || result.Error.Kind is not (ErrorKind.RateLimited or ErrorKind.Unauthorized or ErrorKind.Forbidden);
}

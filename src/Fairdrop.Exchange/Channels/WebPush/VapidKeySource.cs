using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>
/// The VAPID keys in use — the configured pair, else the installation's stored one (generated on first use) — read once
/// per process, with the token cache built on them.
/// </summary>
internal sealed class VapidKeySource(IOptions<WebPushOptions> options, VapidKeyStore store, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private VapidTokens? _tokens;

    public async ValueTask<VapidKeys> GetKeysAsync(CancellationToken cancellationToken) => (await GetTokensAsync(cancellationToken)).Keys;

    public async ValueTask<VapidTokens> GetTokensAsync(CancellationToken cancellationToken)
    {
        if (_tokens is { } tokens)
        {
            return tokens;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_tokens is null)
            {
                var settings = options.Value;
                var keys = settings.PublicKey is null && settings.PrivateKey is null
                    ? await store.GetOrCreateAsync(cancellationToken)
                    : VapidKeys.TryParse(settings.PublicKey, settings.PrivateKey)!;
                _tokens = new VapidTokens(keys, settings.Subject, settings.TokenLifetime, time);
            }

            return _tokens;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _tokens?.Dispose();
        _gate.Dispose();
    }
}

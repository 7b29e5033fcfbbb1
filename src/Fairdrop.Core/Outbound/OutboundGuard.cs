using System.Net;
using System.Net.Sockets;
using Fairdrop.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Core.Outbound;

/// <summary>
/// The one gate for requests a merchant or shopper can aim (webhooks, web push, image fetches): a URL check for
/// validation time, and an HTTP handler that resolves the name itself, refuses non-public addresses unless the
/// operator allow-listed them, connects only to the addresses it checked and never follows redirects.
/// </summary>
public sealed class OutboundGuard
{
    public const int MaxUrlLength = 2048;

    private readonly IOptionsMonitor<OutboundOptions> _options;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly ILogger<OutboundGuard> _logger;
    private Tuple<OutboundOptions, AllowList>? _allowList;

    public OutboundGuard(IOptionsMonitor<OutboundOptions> options, ILogger<OutboundGuard> logger)
        : this(options, Dns.GetHostAddressesAsync, logger)
    {
    }

    /// <summary>With another resolver, so tests can make a public-looking name resolve to loopback.</summary>
    internal OutboundGuard(IOptionsMonitor<OutboundOptions> options, Func<string, CancellationToken, Task<IPAddress[]>> resolve, ILogger<OutboundGuard> logger)
    {
        _options = options;
        _resolve = resolve;
        _logger = logger;
    }

    /// <summary>
    /// Checks a URL before it is stored: <c>validation_failed</c> when it is not an absolute http(s) URL without user
    /// info (https only when <paramref name="httpsOnly"/>, unless the host is allow-listed), <c>forbidden_destination</c>
    /// when its host is not public. No lookup here: the addresses a name resolves to are judged when it is used.
    /// </summary>
    public Error? CheckUrl(string? url, string field, bool httpsOnly = false)
    {
        var name = field[(field.LastIndexOf('.') + 1)..];
        return Inspect(url, httpsOnly) switch
        {
            (null, _) => null,
            (ErrorCodes.ForbiddenDestination, var reason) => new Error(
                ErrorCodes.ForbiddenDestination,
                $"{name} is refused: {reason}. Only public addresses are reached; the operator can allow internal hosts ({OutboundOptions.Section}).",
                field),
            (_, var reason) => Error.Validation(field, $"{name} {reason}."),
        };
    }

    /// <summary>The check of <see cref="CheckUrl"/> again at send time (a stored URL predates a rule or an allow-list change): Fairdrop's words, or null.</summary>
    public string? Refusal(string? url, bool httpsOnly = false) => Inspect(url, httpsOnly) switch
    {
        (null, _) => null,
        (ErrorCodes.ForbiddenDestination, var reason) => OutboundFailure.Refused(reason!),
        (_, var reason) => OutboundFailure.Refused("the URL " + reason),
    };

    /// <summary>The checked addresses for a connection to <paramref name="host"/>; throws <see cref="OutboundRefusedException"/> when one is not allowed.</summary>
    internal async ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        host = HostNames.Normalize(host);
        var allow = AllowList;
        if (IPAddress.TryParse(host, out var literal))
        {
            return AddressRefusal(allow, literal, $"{host} is") is { } refusal ? throw Refuse(host, refusal) : [literal];
        }

        var allowedName = allow.AllowsHost(host);
        if (!allowedName && HostNames.Refusal(host) is { } named)
        {
            throw Refuse(host, named);
        }

        var addresses = await _resolve(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        foreach (var address in addresses)
        {
            if (!allowedName && AddressRefusal(allow, address, $"{host} resolves to") is { } refusal)
            {
                throw Refuse(host, refusal);
            }
        }

        return addresses;
    }

    /// <summary>The primary handler of every guarded client: no redirects, no proxy (it would resolve names beyond the guard), no cookies.</summary>
    internal SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = ConnectAsync,
    };

    private AllowList AllowList
    {
        get
        {
            var options = _options.CurrentValue;
            var cached = _allowList;
            if (cached is null || !ReferenceEquals(cached.Item1, options))
            {
                // Options are validated at start, so a null here is a bug.
                cached = Tuple.Create(options, AllowList.TryCreate(options) ?? throw new InvalidOperationException($"{OutboundOptions.Section} is invalid."));
                _allowList = cached;
            }

            return cached.Item2;
        }
    }

    private static string? AddressRefusal(AllowList allow, IPAddress address, string subject)
    {
        if (allow.AllowsAddress(address))
        {
            return null;
        }

        var kind = AddressClassifier.Classify(address);
        return kind == AddressKind.Public ? null : $"{subject} {AddressClassifier.Describe(kind)}";
    }

    private (string? Code, string? Reason) Inspect(string? url, bool httpsOnly)
    {
        if (url is not { Length: > 0 and <= MaxUrlLength } || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            return (ErrorCodes.ValidationFailed, $"must be an absolute {(httpsOnly ? "https" : "http(s)")} URL of at most {MaxUrlLength} characters");
        }

        if (uri.UserInfo.Length > 0)
        {
            return (ErrorCodes.ValidationFailed, "must not carry a user name or password");
        }

        var (allowListed, refusal) = Judge(uri);
        if (refusal is not null)
        {
            return (ErrorCodes.ForbiddenDestination, refusal);
        }

        return httpsOnly && uri.Scheme == Uri.UriSchemeHttp && !allowListed ? (ErrorCodes.ValidationFailed, "must be an https URL") : (null, null);
    }

    private (bool AllowListed, string? Refusal) Judge(Uri uri)
    {
        var host = HostNames.Normalize(uri.HostNameType == UriHostNameType.IPv6 ? uri.DnsSafeHost : uri.IdnHost);
        var allow = AllowList;
        if (IPAddress.TryParse(host, out var address))
        {
            return allow.AllowsAddress(address) ? (true, null) : (false, AddressRefusal(allow, address, $"{host} is"));
        }

        return allow.AllowsHost(host) ? (true, null) : (false, HostNames.Refusal(host));
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // The addresses just checked, not the name: a second lookup could answer differently (DNS rebinding).
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private OutboundRefusedException Refuse(string host, string reason)
    {
        OutboundLog.Refused(_logger, host, reason);
        return new OutboundRefusedException(reason);
    }
}

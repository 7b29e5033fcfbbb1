using Fairdrop.Gate.Engine;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Fairdrop.Gate.Hosting;

/// <summary>Fills a <see cref="GateRequest"/> from an HTTP request: action and product from the route, identities from headers and cookies.</summary>
internal sealed class GateRequestReader
{
    private readonly GateOptions _options;
    private readonly RouteActionMap _routes;
    private readonly ClientIpResolver _ip;

    // The cookies read for identities: the customer's, the session's in order of preference, the device's.
    private readonly string[] _cookies;

    public GateRequestReader(IOptions<GateOptions> options)
    {
        _options = options.Value;
        _routes = new RouteActionMap(_options.UseDefaultRoutes ? _options.Routes.Concat(GateOptions.DefaultRoutes) : _options.Routes);
        _ip = new ClientIpResolver(_options.TrustedProxies);
        _cookies = [_options.CustomerCookie, .. _options.SessionCookies, _options.DeviceCookie];
    }

    public IEnumerable<string> Actions => _routes.Actions;

    public void Read(HttpContext context, GateRequest request)
    {
        var http = context.Request;
        var path = http.Path.Value ?? "/";
        request.Http = context;
        request.Method = http.Method;
        request.Path = path;
        request.Host = http.Host.Value ?? string.Empty;
        request.UserAgent = http.Headers.UserAgent.ToString();
        request.ClientIp = _ip.Resolve(context);
        request.Action = _routes.Match(http.Method, path, out var product);
        request.ProductId = product.Equals(default(Range)) ? string.Empty : path[product];
        Span<Range> found = stackalloc Range[_cookies.Length];
        var plain = CookieHeaderScan.TryFind(http.Headers.Cookie, _cookies, found, out var header);
        var device = _cookies.Length - 1;
        request.CustomerId = FirstOf(http.Headers[_options.CustomerHeader].ToString(), Cookie(http, plain, header, _cookies[0], found[0]));
        request.SessionId = string.Empty;
        for (var i = 1; i < device && request.SessionId.Length == 0; i++)
        {
            request.SessionId = Cookie(http, plain, header, _cookies[i], found[i]);
        }

        request.DeviceId = FirstOf(Cookie(http, plain, header, _cookies[device], found[device]), http.Headers[_options.DeviceHeader].ToString());
        request.ComputeIdentities();
    }

    /// <summary>A cookie's value from the plain header's scan, or from the framework's parse when the header was not plain.</summary>
    private static string Cookie(HttpRequest http, bool plain, string header, string name, Range value) =>
        !plain ? http.Cookies[name] ?? string.Empty
        : value.Start.Value == value.End.Value ? string.Empty
        : header[value];

    private static string FirstOf(string? first, string? second) => !string.IsNullOrEmpty(first) ? first : second ?? string.Empty;
}

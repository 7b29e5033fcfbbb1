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

    public GateRequestReader(IOptions<GateOptions> options)
    {
        _options = options.Value;
        _routes = new RouteActionMap(_options.UseDefaultRoutes ? _options.Routes.Concat(GateOptions.DefaultRoutes) : _options.Routes);
        _ip = new ClientIpResolver(_options.TrustedProxies);
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
        request.CustomerId = FirstOf(http.Headers[_options.CustomerHeader].ToString(), http.Cookies[_options.CustomerCookie]);
        request.SessionId = Session(http);
        request.DeviceId = FirstOf(http.Cookies[_options.DeviceCookie], http.Headers[_options.DeviceHeader].ToString());
        request.ComputeIdentities();
    }

    private string Session(HttpRequest http)
    {
        foreach (var cookie in _options.SessionCookies)
        {
            if (http.Cookies[cookie] is { Length: > 0 } value)
            {
                return value;
            }
        }

        return string.Empty;
    }

    private static string FirstOf(string? first, string? second) => !string.IsNullOrEmpty(first) ? first : second ?? string.Empty;
}

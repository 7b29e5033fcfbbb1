using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Forwarder;

namespace Fairdrop.Gate.Hosting;

/// <summary>The gate as a reverse proxy: every request that the gate lets through is forwarded to one upstream with YARP.</summary>
public static class GateProxyExtensions
{
    public static IServiceCollection AddFairdropGateProxy(this IServiceCollection services) => services.AddHttpForwarder();

    /// <summary>Forwards every path to <paramref name="upstream"/>; put <c>UseFairdropGate()</c> before it.</summary>
    public static IEndpointConventionBuilder MapFairdropGateProxy(this IEndpointRouteBuilder endpoints, Uri upstream)
    {
        var forwarder = endpoints.ServiceProvider.GetRequiredService<IHttpForwarder>();
        var client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ActivityHeadersPropagator = null,
            ConnectTimeout = TimeSpan.FromSeconds(15),
        });
        var config = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(100) };
        var destination = upstream.ToString();
        return endpoints.Map("/{**path}", async context =>
        {
            var error = await forwarder.SendAsync(context, destination, client, config, HttpTransformer.Default);
            if (error != ForwarderError.None && !context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
            }
        });
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Testing;

/// <summary>Kestrel on a free loopback port that counts requests and answers 204, or 302 to <c>redirectTo</c>.</summary>
public sealed class CountingListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private CountingListener(WebApplication app) => _app = app;

    public int Requests => Volatile.Read(ref _requests);

    public int Port { get; private set; }

    /// <summary>http://127.0.0.1:port</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    public static async Task<CountingListener> StartAsync(string? redirectTo = null)
    {
        var app = LoopbackApp.Create();
        var listener = new CountingListener(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref listener._requests);
            context.Response.StatusCode = redirectTo is null ? StatusCodes.Status204NoContent : StatusCodes.Status302Found;
            if (redirectTo is not null)
            {
                context.Response.Headers.Location = redirectTo;
            }

            return Task.CompletedTask;
        });
        listener.Port = new Uri(await LoopbackApp.StartAsync(app)).Port;
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

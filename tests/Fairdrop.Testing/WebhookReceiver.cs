using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Testing;

/// <summary>
/// A webhook endpoint on a free loopback port that verifies nothing and records every request's <c>webhook-id</c>
/// before it answers 200, as a receiver that deduplicates by it would: an id it has recorded counts as processed even
/// if the sender dies before reading the answer.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);
    private int _requests;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Every request, repeats included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Distinct <c>webhook-id</c>s: what a deduplicating receiver processed.</summary>
    public int Unique => _seen.Count;

    /// <summary>http://127.0.0.1:port</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>How many times each <c>webhook-id</c> arrived.</summary>
    public IReadOnlyDictionary<string, int> Seen() => new Dictionary<string, int>(_seen, StringComparer.Ordinal);

    /// <summary>Starts the receiver; each answer waits <paramref name="answerAfter"/>, so that sends are in flight long enough to be cut by a kill.</summary>
    public static async Task<WebhookReceiver> StartAsync(TimeSpan answerAfter)
    {
        var app = LoopbackApp.Create();
        var receiver = new WebhookReceiver(app);
        app.Run(async context =>
        {
            var id = context.Request.Headers["webhook-id"].ToString();
            receiver._seen.AddOrUpdate(id, 1, (_, n) => n + 1);
            Interlocked.Increment(ref receiver._requests);
            if (answerAfter > TimeSpan.Zero)
            {
                // Not the request's token: a sender that dies mid-wait must not make this a failed request here.
                await Task.Delay(answerAfter, CancellationToken.None);
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        receiver.Url = await LoopbackApp.StartAsync(app);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

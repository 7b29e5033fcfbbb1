using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Testing;

/// <summary>
/// A stand-in for Twilio's Messaging API on loopback Kestrel, following its documented shapes: form POST to
/// <c>/2010-04-01/Accounts/{sid}/Messages.json</c> with basic auth, 201 + Message JSON, error JSON
/// <c>{code, message, more_info, status}</c>; Twilio's magic test numbers (+15005550001 → 21211, +15005550004 →
/// 21610, +15005550009 → 21614); and the Message list filtered by To. Faults can be queued per request.
/// </summary>
public sealed class FakeTwilio : IAsyncDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "fake-auth-token-0123456789";
    public const string From = "+15005550006";

    private readonly WebApplication _app;

    private FakeTwilio(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First();

    public ConcurrentQueue<Fault> Faults { get; } = new();

    /// <summary>Messages the "provider" holds, by sid, with the form fields they were sent with.</summary>
    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Messages { get; } = new();

    public int Posts => _posts;

    private int _posts;

    public static async Task<FakeTwilio> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTwilio(app);
        app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", fake.CreateAsync);
        app.MapGet("/2010-04-01/Accounts/{account}/Messages.json", fake.List);
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> CreateAsync(string account, HttpContext context)
    {
        if (!Authorized(account, context.Request))
        {
            return Error(401, 20003, "Authenticate");
        }

        Interlocked.Increment(ref _posts);
        var form = (await context.Request.ReadFormAsync(context.RequestAborted)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        Faults.TryDequeue(out var fault);
        if (fault is { Create: false })
        {
            return Error(fault.Status, fault.Code, "Injected failure");
        }

        var missing = !form.TryGetValue("To", out var to) ? (21604, "A 'To' phone number is required.")
            : !form.TryGetValue("Body", out var body) || body.Length == 0 ? (21602, "Message body is required.")
            : !form.ContainsKey("From") && !form.ContainsKey("MessagingServiceSid") ? (21603, "A 'From' phone number is required.")
            : ((int, string)?)null;
        if (missing is { } m)
        {
            return Error(400, m.Item1, m.Item2);
        }

        switch (to)
        {
            case "+15005550001": return Error(400, 21211, $"The 'To' number {to} is not a valid phone number.");
            case "+15005550004": return Error(400, 21610, "Attempt to send to unsubscribed recipient");
            case "+15005550009": return Error(400, 21614, $"'To' number {to} is not a valid mobile number");
        }

        var sid = "SM" + Guid.NewGuid().ToString("N");
        Messages[sid] = form;
        if (fault is { Delay: { } delay })
        {
            // Created, but the answer comes too late: the client times out not knowing.
            await Task.Delay(delay, context.RequestAborted);
        }

        return fault is { Status: >= 500 } ? Error(fault.Status, fault.Code, "Injected failure after create") : Results.Json(Resource(sid, form), statusCode: 201);
    }

    private IResult List(string account, HttpContext context)
    {
        if (!Authorized(account, context.Request))
        {
            return Error(401, 20003, "Authenticate");
        }

        var to = context.Request.Query["To"].ToString();
        var items = Messages.Where(m => to.Length == 0 || m.Value["To"] == to).Select(m => Resource(m.Key, m.Value)).ToList();
        return Results.Json(new Dictionary<string, object?> { ["messages"] = items, ["page"] = 0, ["page_size"] = 100 });
    }

    private static Dictionary<string, object?> Resource(string sid, IReadOnlyDictionary<string, string> form) => new()
    {
        ["sid"] = sid,
        ["account_sid"] = AccountSid,
        ["to"] = form["To"],
        ["from"] = form.GetValueOrDefault("From"),
        ["messaging_service_sid"] = form.GetValueOrDefault("MessagingServiceSid"),
        ["body"] = form["Body"],
        ["status"] = "queued",
        ["num_segments"] = "1",
        ["error_code"] = null,
        ["error_message"] = null,
        ["date_created"] = DateTimeOffset.UnixEpoch.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture),
        ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}.json",
    };

    private static bool Authorized(string account, HttpRequest request)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));
        return account == AccountSid && request.Headers.Authorization.ToString() == expected;
    }

    private static IResult Error(int status, int code, string message) => Results.Json(
        new Dictionary<string, object> { ["code"] = code, ["message"] = message, ["more_info"] = $"https://www.twilio.com/docs/errors/{code}", ["status"] = status },
        statusCode: status);

    /// <summary>What the next POST does instead of the normal answer: fail without creating, or create and then answer late or with an error.</summary>
    public sealed record Fault(int Status, int Code, bool Create, TimeSpan? Delay = null)
    {
        public static Fault NotCreated(int status, int code = 0) => new(status, code, false);

        public static Fault ErrorAfterCreate(int status) => new(status, 0, true);

        public static Fault Late(TimeSpan delay) => new(201, 0, true, delay);
    }
}

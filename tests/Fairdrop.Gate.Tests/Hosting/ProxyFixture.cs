using Fairdrop.Core;
using Fairdrop.Core.Storage.Migrations;
using Fairdrop.Gate.Hosting;
using Fairdrop.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Fairdrop.Gate.Tests.Hosting;

/// <summary>A real upstream Kestrel and the gate proxy in front of it, both on free loopback ports.</summary>
public sealed class ProxyFixture : IAsyncLifetime
{
    public const string Rules = Samples.IssueRules + "\n" + Samples.MerchantRules + """

        rule forbidden_range
          when ip in [198.51.100.0/24]
          then block
        """;

    private readonly TestDatabase _database = TestDatabase.CreateSqlite();
    private WebApplication? _upstream;
    private WebApplication? _proxy;
    private string? _rulesFile;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 11, 28, 9, 0, 0, TimeSpan.Zero));

    public Uri ProxyAddress { get; private set; } = null!;

    public IServiceProvider Services => _proxy!.Services;

    public async Task InitializeAsync()
    {
        var upstream = WebApplication.CreateSlimBuilder();
        upstream.WebHost.UseUrls("http://127.0.0.1:0");
        upstream.Logging.ClearProviders();
        _upstream = upstream.Build();
        _upstream.Run(async context =>
        {
            await context.Response.WriteAsync("upstream:" + context.Request.Path);
        });
        await _upstream.StartAsync();
        var upstreamAddress = new Uri(Address(_upstream));

        _rulesFile = Path.Combine(_database.DataDirectory!, "rules.gate");
        await File.WriteAllTextAsync(_rulesFile, Rules);
        var settings = new Dictionary<string, string?>(_database.Settings)
        {
            ["Fairdrop:Gate:RulesPath"] = _rulesFile,
            ["Fairdrop:Gate:MerchantId"] = MerchantId.ToString(),
            ["Fairdrop:Gate:DecisionLog:AllowedSampleRate"] = "1",
            ["Fairdrop:Gate:LimitedProducts:0"] = "hyped-sneaker",
        };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddFairdropCore(builder.Configuration);
        builder.Services.AddFairdropGate(builder.Configuration);
        builder.Services.AddFairdropGateProxy();
        _proxy = builder.Build();
        _proxy.UseFairdropGate();
        _proxy.MapFairdropGateProxy(upstreamAddress);
        await _proxy.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        await _proxy.StartAsync();
        ProxyAddress = new Uri(Address(_proxy));
    }

    public static Guid MerchantId { get; } = Guid.Parse("0190a000-0000-7000-8000-000000000001");

    public HttpClient Client() => new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = ProxyAddress };

    public async Task DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.StopAsync();
            await _proxy.DisposeAsync();
        }

        if (_upstream is not null)
        {
            await _upstream.StopAsync();
            await _upstream.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    private static string Address(WebApplication app) => app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<IServerAddressesFeature>()!.Addresses.First();
}

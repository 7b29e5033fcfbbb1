using System.Net.Http.Headers;
using Fairdrop.Core.Storage;
using Fairdrop.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Fairdrop.Tests;

/// <summary>The real app in memory, over a fresh real database, with a known operator key and a small body limit.</summary>
public sealed class FairdropFactory(TestDatabase database, string? operatorKey = FairdropFactory.OperatorKey, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string OperatorKey = "operator-test-key-0123456789abcdef";
    public const int BodyLimit = 8 * 1024;

    /// <summary>Allow-lists 127.0.0.1 for the outbound guard, as an operator would an internal host, for tests whose receivers run in Kestrel on loopback.</summary>
    public static readonly IReadOnlyDictionary<string, string?> AllowLoopback = new Dictionary<string, string?> { ["Fairdrop:Outbound:AllowedNetworks:0"] = "127.0.0.1" };

    public static async Task<FairdropFactory> CreateAsync(StorageProvider provider = StorageProvider.Sqlite, string? operatorKey = OperatorKey, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(await TestDatabase.CreateAsync(provider), operatorKey, settings);

    public TestDatabase Database { get; } = database;

    public HttpClient CreateClient(string? bearer)
    {
        var client = CreateClient();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    public HttpClient CreateOperatorClient() => CreateClient(OperatorKey);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Database.Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Fairdrop:OperatorKey", operatorKey ?? string.Empty);
        builder.UseSetting("Fairdrop:Http:MaxRequestBodyBytes", BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}

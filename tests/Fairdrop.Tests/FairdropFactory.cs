using System.Net.Http.Headers;
using Fairdrop.Core.Storage;
using Fairdrop.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Fairdrop.Tests;

/// <summary>The real app in memory, over a fresh real database, with a known operator key and a small body limit.</summary>
public sealed class FairdropFactory(TestDatabase database, string? operatorKey = FairdropFactory.OperatorKey) : WebApplicationFactory<Program>
{
    public const string OperatorKey = "operator-test-key-0123456789abcdef";
    public const int BodyLimit = 8 * 1024;

    public static async Task<FairdropFactory> CreateAsync(StorageProvider provider = StorageProvider.Sqlite, string? operatorKey = OperatorKey) =>
        new(await TestDatabase.CreateAsync(provider), operatorKey);

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
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}

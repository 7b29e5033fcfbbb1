using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Fairdrop.Tests.Api.Gate;

/// <summary>A node whose gate belongs to a freshly created merchant, and that merchant's API client.</summary>
internal sealed class GateNode : IAsyncDisposable
{
    private GateNode(FairdropFactory app, WebApplicationFactory<Program> gate, HttpClient client, Guid merchantId)
    {
        MerchantId = merchantId;
        App = app;
        Gate = gate;
        Client = client;
    }

    public Guid MerchantId { get; }

    public FairdropFactory App { get; }

    /// <summary>The host with the gate's settings, for its services.</summary>
    public WebApplicationFactory<Program> Gate { get; }

    public HttpClient Client { get; }

    public static async Task<GateNode> CreateAsync(params (string Key, string Value)[] settings)
    {
        var app = await FairdropFactory.CreateAsync();
        var created = await app.CreateOperatorClient().PostAsJsonAsync("/api/v1/merchants", new { name = "Midnight Sneakers" });
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var merchant = body.GetProperty("merchant").GetProperty("id").GetString()!;
        var key = body.GetProperty("apiKey").GetProperty("key").GetString()!;
        var gate = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Fairdrop:Gate:MerchantId", merchant);
            foreach (var (name, value) in settings)
            {
                b.UseSetting(name, value);
            }
        });
        var client = gate.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return new GateNode(app, gate, client, Guid.Parse(merchant));
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

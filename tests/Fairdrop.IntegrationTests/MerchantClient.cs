using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fairdrop.IntegrationTests;

/// <summary>A merchant created through a running server's operator API, and an HTTP client holding its new key.</summary>
internal static class MerchantClient
{
    public static async Task<HttpClient> CreateAsync(string url, string operatorKey, string name)
    {
        using var operatorClient = new HttpClient { BaseAddress = new Uri(url) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/merchants") { Content = JsonContent.Create(new { name }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        var response = await operatorClient.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetProperty("key").GetString();
        var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}

namespace Fairdrop.Tests.Fuzz;

/// <summary>
/// Valid bodies for the operations whose schema alone would not get past validation (a sender needs an address, a
/// distribution a sender of the merchant's): the fuzz starts from these and mutates them. Every address and URL
/// points at 127.0.0.1:9 (discard), so no worker sends anything off this machine.
/// </summary>
internal static class FuzzExamples
{
    public const string Loopback = "http://127.0.0.1:9";

    public static object Sender(string marker) => new
    {
        name = $"{marker} news",
        brand = marker,
        fromAddress = "news@shop.test",
        rules = new { channels = new[] { "in_app" }, consentRequired = Array.Empty<string>(), caps = new { perDay = 5 } },
    };

    public static object Recipient(string externalId, string userId, string marker) => new
    {
        externalId,
        attributes = new { tier = "gold", note = marker },
        contacts = new { inAppUserId = userId, email = "shopper@shop.test" },
        rules = new { timeZone = "Europe/Paris", caps = new { perDay = 3 } },
    };

    public static object Distribution(Guid senderId, string marker) => new
    {
        senderId,
        topic = "restock",
        content = new { inApp = new { title = $"{marker} is back", body = "Hi {{ recipient.externalId }}" } },
        data = new { product = marker },
    };

    public static object Products(string productId, string marker) => new
    {
        products = new[] { new { externalId = productId, sku = marker, title = $"{marker} shoe", url = $"{Loopback}/p", available = 0, alertsPerUnit = 2.0 } },
    };

    public static object Subscription(string productId, string marker) => new
    {
        productId,
        channel = "email",
        contact = $"{marker}@shop.test",
        consentText = "Tell me when it is back",
    };

    public static object Drop(string productId, string marker) => new
    {
        name = $"{marker} drop",
        productId,
        units = 10,
        opensAt = "2099-01-01T00:00:00Z",
    };
}

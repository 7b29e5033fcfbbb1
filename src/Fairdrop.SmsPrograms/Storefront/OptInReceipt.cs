namespace Fairdrop.SmsPrograms.Storefront;

/// <summary>
/// The one answer to every admitted, well-formed storefront opt-in: the same for a new number, a pending, active or
/// stopped one, or a number over its limit, so the storefront cannot learn who has subscribed.
/// </summary>
public sealed record OptInReceipt(string Status, string Message)
{
    public static readonly OptInReceipt Accepted =
        new("accepted", "If the number can join, it gets a text asking to reply Y; nothing else is sent until it does.");
}

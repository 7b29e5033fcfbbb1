using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Restock.Waitlist;

/// <summary>Which channels a waitlist takes, how each contact is checked and normalised, and its exchange recipient id.</summary>
internal static partial class ContactRules
{
    public static Result<(Channel Channel, string Contact)> Normalise(string? channel, string? contact)
    {
        var value = contact?.Trim() ?? string.Empty;
        switch (channel)
        {
            case "email":
                return MailAddress.TryCreate(value, out var address) && address.Address == value && value.Length <= 254 && value.Contains('.', StringComparison.Ordinal)
                    ? (Channel.Email, value.ToLowerInvariant())
                    : Error.Validation("contact", $"'{contact}' is not an email address.");
            case "sms":
                return E164().IsMatch(value) ? (Channel.Sms, value) : Error.Validation("contact", $"'{contact}' is not an E.164 phone number such as +14155550100.");
            case "in_app":
                return value.Length is > 0 and <= 200 ? (Channel.InApp, value) : Error.Validation("contact", "An in-app user id of 1 to 200 characters is required.");
            default:
                return Error.Validation("channel", "channel must be email, sms or in_app.");
        }
    }

    /// <summary>A stable, URL-safe exchange external id for one contact on one channel; it appears in tracked links, so it is a hash.</summary>
    public static string RecipientExternalId(Channel channel, string contact) =>
        "rs-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{channel.Wire()}:{contact}")))[..24];

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164();
}

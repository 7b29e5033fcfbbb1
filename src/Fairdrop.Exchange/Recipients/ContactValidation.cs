using Fairdrop.Core.Errors;
using Fairdrop.Core.Outbound;
using Fairdrop.Core.Text;
using Fairdrop.Exchange.Matching;
using MimeKit;
using PhoneNumbers;

namespace Fairdrop.Exchange.Recipients;

/// <summary>Checks and normalises contact points and rules: addresses, E.164 phones (libphonenumber), IANA zones, URLs (through the outbound guard).</summary>
internal static class ContactValidation
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public static bool IsEmail(string? value) =>
        value is { Length: > 0 and <= 320 } && MailboxAddress.TryParse(value, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal) && mailbox.Address == value.Trim();

    /// <summary>The number in E.164, or null when it is not a valid international number.</summary>
    public static string? ToE164(string value)
    {
        try
        {
            var number = Phones.Parse(value, null);
            return Phones.IsValidNumber(number) ? Phones.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    public static Result<RecipientInput> Validate(RecipientInput input, string prefix, OutboundGuard guard)
    {
        if (string.IsNullOrWhiteSpace(input.ExternalId) || input.ExternalId.Length > 200)
        {
            return Error.Validation(prefix + "externalId", "externalId is required (at most 200 characters).");
        }

        if ((PlainText.Check(prefix + "externalId", input.ExternalId) ?? PlainText.Check(prefix + "contacts.inAppUserId", input.Contacts.InAppUserId)) is { } error)
        {
            return error;
        }

        var contacts = input.Contacts;
        if (contacts.Email is not null && !IsEmail(contacts.Email))
        {
            return Error.Validation(prefix + "contacts.email", $"'{contacts.Email}' is not a valid email address.");
        }

        if (contacts.Phone is not null)
        {
            var e164 = ToE164(contacts.Phone);
            if (e164 is null)
            {
                return Error.Validation(prefix + "contacts.phone", $"'{contacts.Phone}' is not a valid phone number in international (E.164) form.");
            }

            contacts = contacts with { Phone = e164 };
        }

        if (contacts.WebhookUrl is not null && guard.CheckUrl(contacts.WebhookUrl, prefix + "contacts.webhookUrl") is { } refused)
        {
            return refused;
        }

        if (contacts.WebPush is { Count: > 0 })
        {
            return Error.Validation(prefix + "contacts.webPush", "Push subscriptions are added per device with POST /api/v1/exchange/recipients/{id}/webpush.");
        }

        if (TimeZones.Find(input.Rules.TimeZone) is null)
        {
            return Error.Validation(prefix + "rules.timeZone", $"'{input.Rules.TimeZone}' is not a known IANA time zone.");
        }

        if (input.Rules.Caps?.IsValid() == false)
        {
            return Error.Validation(prefix + "rules.caps", "Caps cannot be negative.");
        }

        return Result<RecipientInput>.Success(input with { Contacts = contacts });
    }
}

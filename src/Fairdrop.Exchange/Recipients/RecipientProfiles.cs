using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Recipients;

/// <summary>Flattens a stored <see cref="Recipient"/> into the matcher's <see cref="RecipientProfile"/>.</summary>
internal static class RecipientProfiles
{
    public static RecipientProfile ToProfile(this Recipient recipient, SentCounts sent)
    {
        var contacts = recipient.Contacts;
        var reachable = ChannelSet.None;
        if (!string.IsNullOrEmpty(contacts.Email))
        {
            reachable |= ChannelSet.Email;
        }

        if (!string.IsNullOrEmpty(contacts.Phone))
        {
            reachable |= ChannelSet.Sms;
        }

        if (recipient.WebPushDevices > 0)
        {
            reachable |= ChannelSet.WebPush;
        }

        if (!string.IsNullOrEmpty(contacts.InAppUserId))
        {
            reachable |= ChannelSet.InApp;
        }

        if (!string.IsNullOrEmpty(contacts.WebhookUrl))
        {
            reachable |= ChannelSet.Webhook;
        }

        var rules = recipient.Rules;
        return new RecipientProfile
        {
            Id = recipient.Id,
            Reachable = reachable,
            Consented = recipient.Consents.Keys.ToSet(),
            Preference = [.. rules.ChannelPreference ?? []],
            OptedOutTopics = [.. rules.OptedOutTopics ?? []],
            QuietHours = rules.QuietHours,
            Zone = TimeZones.FindOrUtc(rules.TimeZone),
            Caps = rules.Caps ?? Caps.None,
            Sent = sent,
        };
    }
}

using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Templates;

namespace Fairdrop.Exchange.Distributions;

/// <summary>Checks a distribution's content: at least one channel, sizes, and every template parses with known variables only.</summary>
internal static class ContentValidation
{
    public const int MaxTemplateLength = 100_000;

    public static Error? Validate(DistributionContent? content, TemplateRenderer templates)
    {
        if (content is null || (content.Email is null && content.InApp is null && content.Webhook is null && content.WebPush is null && content.Sms is null))
        {
            return Error.Validation("content", "content needs at least one channel: email, sms, webPush, inApp or webhook.");
        }

        var fields = new List<(string Field, string? Source)>();
        if (content.Email is { } email)
        {
            fields.AddRange([("content.email.subject", email.Subject), ("content.email.html", email.Html), ("content.email.text", email.Text)]);
        }

        if (content.InApp is { } inApp)
        {
            if (inApp.QuickReplies is { } buttons && (buttons.Count > 10 || buttons.Any(b => string.IsNullOrWhiteSpace(b) || b.Length > 40 || b.Any(char.IsControl))))
            {
                return Error.Validation("content.inApp.quickReplies", "At most 10 quick replies, each a label of 1 to 40 characters.");
            }

            fields.AddRange([("content.inApp.title", inApp.Title), ("content.inApp.body", inApp.Body)]);
        }

        if (content.Webhook is { } webhook)
        {
            fields.Add(("content.webhook.body", webhook.Body));
        }

        if (content.WebPush is { } push)
        {
            fields.AddRange([("content.webPush.title", push.Title), ("content.webPush.body", push.Body), ("content.webPush.url", push.Url ?? string.Empty)]);
        }

        if (content.Sms is { } sms)
        {
            fields.Add(("content.sms.text", sms.Text));
        }

        foreach (var (field, source) in fields)
        {
            if (source is null)
            {
                return Error.Validation(field, $"{field} is required.");
            }

            if (source.Length > MaxTemplateLength)
            {
                return Error.Validation(field, $"{field} may have at most {MaxTemplateLength} characters.");
            }

            if (templates.Validate(source) is { } error)
            {
                return Error.Validation(field, error.Message);
            }
        }

        return null;
    }
}

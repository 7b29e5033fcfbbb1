namespace Fairdrop.Exchange.Distributions;

/// <summary>A distribution's content per channel, as Liquid templates; a channel without content is never chosen.</summary>
public sealed record DistributionContent(EmailContent? Email = null, InAppContent? InApp = null, WebhookContent? Webhook = null, WebPushContent? WebPush = null, SmsContent? Sms = null);

/// <summary>An email: subject, HTML part and plain-text part.</summary>
public sealed record EmailContent(string Subject, string Html, string Text);

/// <summary>An in-app message: title, body and, optionally, quick replies (button labels the SDK shows; a tap sends the label as the reply).</summary>
public sealed record InAppContent(string Title, string Body, IReadOnlyList<string>? QuickReplies = null);

/// <summary>An SMS: its text (links in it are tracked; keep it short, see the segment count on each delivery).</summary>
public sealed record SmsContent(string Text);

/// <summary>A webhook's JSON body, as a template.</summary>
public sealed record WebhookContent(string Body);

/// <summary>A web push notification: title, body and, optionally, the URL a click opens.</summary>
public sealed record WebPushContent(string Title, string Body, string? Url = null);

namespace Fairdrop.SmsPrograms.Subscribers;

/// <summary>How a subscriber joined: texting the keyword, or the web form.</summary>
public static class SubscriberSources
{
    public const string Keyword = "keyword";
    public const string WebForm = "web_form";
}

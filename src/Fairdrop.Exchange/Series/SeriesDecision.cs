using System.Text.Json.Nodes;

namespace Fairdrop.Exchange.Series;

/// <summary>What a conversation's event decided: its outcome, the step and status it moves to, its data, and what it sends.</summary>
internal sealed class SeriesDecision(JsonObject data)
{
    public string Outcome { get; set; } = SeriesOutcomes.Acted;

    /// <summary>The answer in words, for the SDK's response and the SMS webhook's reply.</summary>
    public string? Message { get; private set; }

    public bool Refused { get; private set; }

    public string? NextStep { get; set; }

    public string? Status { get; set; }

    public JsonObject Data { get; } = data;

    /// <summary>Texts to send before the next step's message, if any.</summary>
    public List<string> Texts { get; } = [];

    public List<(string Url, string Body)> Webhooks { get; } = [];

    public void Say(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            Texts.Add(text);
        }
    }

    /// <summary>An answer that is only said back (the SDK's response, the SMS webhook's reply), never sent as a message.</summary>
    public void Answer(string message) => Message = message;

    public void Refuse(string outcome, string message)
    {
        Refused = true;
        Outcome = outcome;
        Message = message;
        Texts.Add(message);
    }
}

/// <summary>The outcomes of a reply (<see cref="SeriesReplyOutcome.Outcome"/>).</summary>
public static class SeriesOutcomes
{
    public const string Acted = "acted";
    public const string Duplicate = "duplicate";
    public const string Unrecognised = "unrecognised";
    public const string Refused = "refused";
    public const string HandedOff = "handed_off";
    public const string Ended = "ended";
    public const string HoldExpired = "hold_expired";
    public const string Unsubscribed = "unsubscribed";
    public const string TimedOut = "timed_out";
}

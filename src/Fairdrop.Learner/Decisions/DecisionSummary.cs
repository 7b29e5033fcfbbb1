using System.Globalization;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Learner.Decisions;

/// <summary>
/// The sentence a merchant reads: "sms at 19:00 UTC: 0.31 vs email now: 0.12 vs … ; not allowed: web_push" — the
/// chosen alternative, the two best others, and the channels the constraints left out.
/// </summary>
internal static class DecisionSummary
{
    private static readonly Channel[] Named = [Channel.Email, Channel.Sms, Channel.WebPush, Channel.InApp];

    public static string Write(IReadOnlyList<DecisionAlternative> alternatives, DateTimeOffset now, ChannelSet allowed, DropReason reason)
    {
        var excluded = Named.Where(c => (allowed & (ChannelSet)(1 << (int)c)) == 0).Select(LearnedDeliveryChooser.ChannelName).ToList();
        var tail = excluded.Count == 0 ? string.Empty : $"; not allowed (sender, contact or consent): {string.Join(", ", excluded)}";
        if (reason != DropReason.None)
        {
            return $"dropped ({reason.Code()}): no allowed channel and time before the deadline{tail}";
        }

        var chosen = alternatives.Single(a => a.Chosen);
        var others = alternatives.Where(a => !a.Chosen).OrderByDescending(a => a.Expected).Take(2).Select(a => Describe(a, now));
        return string.Join(" vs ", others.Prepend(Describe(chosen, now))) + tail;
    }

    private static string Describe(DecisionAlternative a, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{a.Channel} {(a.SendAt <= now ? "now" : $"at {a.SendAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC")} ({a.Window} local): {a.Probability:0.00}");
}

using System.Globalization;

namespace Fairdrop.Gate.Recommendations.Analysis;

/// <summary>Plain words for a candidate rule and for a whole recommendation.</summary>
internal static class Explanations
{
    private static readonly CultureInfo F = CultureInfo.InvariantCulture;

    public static string Short(Candidate c)
    {
        var f = c.Feature;
        var on = f.OnlyAction is not null ? $"{A(f.OnlyAction)} {f.OnlyAction.Replace('_', '-')} request"
            : f.NonBrowser ? "any request from a non-browser user agent"
            : f.WithoutHeader is not null ? $"any request without the {f.WithoutHeader} header" : "any request";
        return f.Kind switch
        {
            FeatureKind.SinceLast => $"{on} {f.Words(c.Threshold)} the same {Who(f.Expression)}'s previous {Counted(f.Expression)}",
            FeatureKind.Count => $"{on} from {A(Who(f.Expression))} {Who(f.Expression)} with {f.Words(c.Threshold)} {Counted(f.Expression)} requests {Window(f.Expression)}",
            FeatureKind.Distinct => $"{on} from {A(Who(f.Expression))} {Who(f.Expression)} seen with {f.Words(c.Threshold)} {Other(f.Expression)}s {Window(f.Expression)}",
            FeatureKind.HeaderAbsent => $"{on} without the {f.Subject["no_".Length..].Replace('_', '-')} header",
            _ => $"{on} from the user agent family {f.Subject["agent_".Length..]}",
        };
    }

    public static string Long(Candidate c, RecommendationImpact i, bool anomalyOnly)
    {
        var what = "Challenges " + Short(c) + ". ";
        var replay = string.Create(F, $"Replayed over the recorded traffic it matches {i.Requests:N0} requests from {i.Shoppers:N0} shoppers, who made {i.PurchasesByAffected:N0} purchases");
        return anomalyOnly
            ? what + replay + "; with no labels its effect on humans is unknown (chosen because the traffic it matches is concentrated in few shoppers)."
            : what + replay + string.Create(F, $"; it catches {i.BotRequestShare:P1} of the requests of labelled bots ({i.BotShoppersCaught:N0} bots) and touches {i.HumansHurt:N0} of {i.Humans:N0} labelled humans ({i.HumanShare:P2}).");
    }

    /// <summary>The rule's effect on the latest placed drop, as a sentence to append; empty without one.</summary>
    public static string OnDrop(DropEffect? drop) => drop is null ? string.Empty : string.Create(F,
        $" On the drop '{drop.Drop}', whose units serve the first {drop.Served:N0} places, entering the {drop.Moved:N0} shoppers it touches as suspected bots would have served {drop.HumansServedAfter:N0} labelled humans instead of {drop.HumansServedBefore:N0}, and {drop.BotsServedAfter:N0} labelled bots instead of {drop.BotsServedBefore:N0}.");

    public static string Summary(int rules, long requests, long shoppers, long humans, long bots, bool anomalyOnly, RecommendationOptions options)
    {
        var read = string.Create(F, $"{requests:N0} requests from {shoppers:N0} shoppers read{(options.SkippedLines > 0 ? $", {options.SkippedLines:N0} unreadable lines skipped" : string.Empty)}. ");
        var basis = anomalyOnly
            ? string.Create(F, $"No labels (humans {humans:N0}, bots {bots:N0}): recommendations by anomaly only, each touching at most {options.MaxHumanCost:P2} of all shoppers. ")
            : string.Create(F, $"Labels: {humans:N0} humans, {bots:N0} bots; each rule touches at most {options.MaxHumanCost:P2} of the labelled humans. ");
        return read + basis + (rules == 0 ? "No rule separates the traffic within that bound." : string.Create(F, $"{rules} rules recommended, best first."));
    }

    private static string A(string word) => "aeiou".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";

    private static string Who(string expression) => Address(Arguments(expression)[expression.StartsWith("distinct", StringComparison.Ordinal) ? 0 : 1]);

    private static string Address(string who) => who == "ip" ? "address" : who;

    private static string Counted(string expression) => Arguments(expression)[0].Trim('"').Replace('_', '-');

    private static string Other(string expression) => Address(Arguments(expression)[1]);

    private static string Window(string expression) => "in " + Arguments(expression)[^1];

    private static string[] Arguments(string expression) =>
        expression[(expression.IndexOf('(', StringComparison.Ordinal) + 1)..expression.LastIndexOf(')')].Split(", ");
}

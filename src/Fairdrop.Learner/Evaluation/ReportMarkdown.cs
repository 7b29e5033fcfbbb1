using System.Globalization;
using System.Text;

namespace Fairdrop.Learner.Evaluation;

/// <summary>The evaluation as Markdown: the policy table, the uplifts, the off-policy estimates and the settings that reproduce it.</summary>
public static class ReportMarkdown
{
    public static string Write(EvaluationReport report, string chartPath)
    {
        var c = CultureInfo.InvariantCulture;
        var learned = report.Policy("learned");
        var text = new StringBuilder();
        text.AppendLine(c, $"Simulated market: {report.Shoppers:N0} shoppers × {report.Days} days, seed {report.Seed}; {learned.Offers:N0} offers per policy.");
        text.AppendLine();
        text.AppendLine("| policy | engagement per offer (95 % CI) | uplift of the learner | sent | regret (engagements lost) | violations | cap drops | no-slot drops |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var p in report.Policies)
        {
            var uplift = p.Name is "learned" or "oracle" ? "—" : report.Uplift(p).ToString("+0.0 %;-0.0 %", c);
            text.AppendLine(c, $"| {p.Name} | {p.Rate:0.0000} ({p.Low:0.0000}–{p.High:0.0000}) | {uplift} | {p.Sent:N0} | {p.Regret:N0} | {p.Violations} | {p.CapDrops:N0} | {p.NoSlotDrops:N0} |");
        }

        text.AppendLine();
        text.AppendLine(c, $"The learner reaches {learned.Rate / report.Policy("oracle").Rate:0.0 %} of the oracle; best fixed channel: {report.BestFixed.Name}, {report.Uplift(report.BestFixed):+0.0 %;-0.0 %}; channel then time: {report.Uplift(report.Policy("channel then time")):+0.0 %;-0.0 %}.");
        text.AppendLine();
        text.AppendLine("Off-policy estimates from the learner's logged decisions (seen engagement per decision, 95 % half-widths):");
        text.AppendLine();
        text.AppendLine("| target policy | logged decisions | IPS | doubly robust | simulated |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var e in report.Estimates)
        {
            var simulated = e.Simulated is { } s ? s.ToString("0.0000", c) : "—";
            text.AppendLine(c, $"| {e.Target} | {e.Logged:N0} | {Interval(e.Ips, e.IpsHalfWidth)} | {Interval(e.DoublyRobust, e.DrHalfWidth)} | {simulated} |");
        }

        text.AppendLine();
        text.AppendLine(c, $"Model state per recipient: {report.StateBytesPerRecipient} bytes stored. Run took {report.Elapsed.TotalSeconds:0} s.");
        text.AppendLine();
        text.AppendLine(c, $"![Learning curve: engagement per offer by day]({chartPath})");
        return text.ToString();
    }

    private static string Interval(double? value, double? halfWidth) =>
        value is { } v && halfWidth is { } h ? string.Create(CultureInfo.InvariantCulture, $"{v:0.0000} ± {h:0.0000}") : "—";
}

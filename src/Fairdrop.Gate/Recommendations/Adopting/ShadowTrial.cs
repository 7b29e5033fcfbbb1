namespace Fairdrop.Gate.Recommendations.Adopting;

/// <summary>
/// A recommended rule accepted in shadow mode, with its replayed prediction (matches over the window it was replayed
/// on) and what it has matched since (its shadow hits in the decision log), both per hour so they can be compared.
/// </summary>
public sealed record ShadowTrial(
    string Name,
    string Rule,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? PromotedAt,
    long PredictedMatches,
    long PredictedRequests,
    TimeSpan PredictedWindow,
    long ObservedHits,
    TimeSpan ObservedFor)
{
    public double PredictedPerHour => PerHour(PredictedMatches, PredictedWindow);

    public double ObservedPerHour => PerHour(ObservedHits, ObservedFor);

    /// <summary>Observed over predicted hits per hour: about 1 when the rule does live what its replay said (null before any time has passed).</summary>
    public double? ObservedOverPredicted => ObservedFor <= TimeSpan.Zero || PredictedPerHour == 0 ? null : ObservedPerHour / PredictedPerHour;

    private static double PerHour(long count, TimeSpan over) => over <= TimeSpan.Zero ? 0 : count / over.TotalHours;
}

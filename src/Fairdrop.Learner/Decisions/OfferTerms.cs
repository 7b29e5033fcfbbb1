using Fairdrop.Exchange.Matching;

namespace Fairdrop.Learner.Decisions;

/// <summary>
/// What an engagement is worth and what each channel costs, in the same unit (docs/learner.md): the learner maximises
/// P(engaged) × value × decay(delay) − cost. With a half-life, the value halves every half-life of waiting (a restock
/// alert is worth most in its first minutes); without one it holds until the deadline.
/// </summary>
internal sealed record OfferTerms(double Value, double[] ChannelCosts, TimeSpan? ValueHalfLife, TimeSpan HorizonWithoutDeadline)
{
    /// <summary>Value 1, an SMS costs 0.02 of an engagement, the others nothing; no decay; a day when there is no deadline.</summary>
    public static readonly OfferTerms Default = new(1, [0, 0.02, 0, 0, 0], null, TimeSpan.FromDays(1));

    public double Cost(Channel channel) => ChannelCosts[(int)channel];

    public double Decay(DateTimeOffset now, DateTimeOffset sendAt) =>
        ValueHalfLife is { } halfLife ? Math.Pow(2, -(sendAt - now) / halfLife) : 1;
}

namespace Fairdrop.Learner.Evaluation;

/// <summary>
/// The deterministic policies a merchant can evaluate on logged decisions, as functions of the alternatives (channel,
/// send time, posterior mean, expected value): email, or SMS, as soon as allowed (the earliest slot when the channel is
/// not allowed), and the learner without exploration (highest expected value).
/// </summary>
internal static class TargetPolicies
{
    public readonly record struct Option(string Channel, DateTimeOffset SendAt, double Mean, double Expected);

    public static readonly (string Name, Func<IReadOnlyList<Option>, int> Pick)[] All =
    [
        ("fixed email", options => Earliest(options, "email")),
        ("fixed sms", options => Earliest(options, "sms")),
        ("greedy posterior mean", Greedy),
    ];

    /// <summary>The earliest alternative on the channel (or any channel), else the earliest of all.</summary>
    public static int Earliest(IReadOnlyList<Option> options, string? channel)
    {
        var best = -1;
        for (var i = 0; i < options.Count; i++)
        {
            if ((channel is null || options[i].Channel == channel) && (best < 0 || options[i].SendAt < options[best].SendAt))
            {
                best = i;
            }
        }

        return best >= 0 ? best : Earliest(options, null);
    }

    public static int Greedy(IReadOnlyList<Option> options)
    {
        var best = 0;
        for (var i = 1; i < options.Count; i++)
        {
            best = options[i].Expected > options[best].Expected ? i : best;
        }

        return best;
    }

    public static Estimators.Sample Sample(IReadOnlyList<Option> options, int chosen, double propensity, bool reward, Func<IReadOnlyList<Option>, int> target)
    {
        var pick = target(options);
        return new Estimators.Sample(pick == chosen, reward ? 1 : 0, propensity, options[pick].Mean, options[chosen].Mean);
    }
}

using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Tests.Model;

public sealed class PriorTableTests
{
    [Fact]
    public void Posterior_NoEvidence_IsThePopulationArmAsAPriorOfStrengthKappa()
    {
        var prior = PriorTable.Flat(mean: 0.1, strength: 20);

        var posterior = prior.Posterior(new RecipientState(), channel: 0, bucket: 7);

        Assert.Equal(2, posterior.Alpha, 9);
        Assert.Equal(18, posterior.Beta, 9);
    }

    [Fact]
    public void Posterior_WithEvidence_MatchesTheClosedFormOfLiftedPriorPlusTrials()
    {
        const double m = 0.1;
        const double kappa = 20;
        var prior = PriorTable.Flat(m, kappa);
        var state = new RecipientState();
        for (var i = 0; i < 4; i++)
        {
            state.Observe(1, 22, engaged: i < 3, 20_000); // 3 of 4 on SMS, Wednesday 16:00–20:00, one day: no decay
        }

        var posterior = prior.Posterior(state, 1, 22);

        // Channel and daypart each saw 3 of 4: lift = ((3 + κm)/(4 + κ))/m; prior mean = m × lift²; then + 3 successes, + 1 failure.
        var lift = (3 + (kappa * m)) / (4 + kappa) / m;
        var mean = m * lift * lift;
        Assert.Equal((kappa * mean) + 3, posterior.Alpha, 4);
        Assert.Equal((kappa * (1 - mean)) + 1, posterior.Beta, 4);
    }

    [Fact]
    public void Fit_APoisonedRecipient_CannotSwingThePopulationMean()
    {
        var normal = Enumerable.Range(0, 200).Select(i => Recipient(successes: 2, trials: 20)).ToList();
        var poisoner = new RecipientState();
        for (var day = 0; day < 400; day++)
        {
            for (var open = 0; open < 1000; open++)
            {
                poisoner.Observe(0, 20, engaged: true, 20_000 + day); // thousands of opens a day from one address
            }
        }

        var clean = PriorFitter.Fit(normal);
        var poisoned = PriorFitter.Fit([.. normal, poisoner]);

        Assert.InRange(clean.Channels[0], 0.09, 0.11);
        Assert.True(poisoned.Channels[0] - clean.Channels[0] < 0.01, $"{clean.Channels[0]} → {poisoned.Channels[0]}");
    }

    [Fact]
    public void Fit_SpreadBetweenRecipients_GivesAStrengthByTheMethodOfMoments()
    {
        // Half engage 5 %, half 25 % on email, 40 trials each: a wide spread, so a weak prior (small κ).
        var spread = Enumerable.Range(0, 100).Select(i => Recipient(i % 2 == 0 ? 2 : 10, 40)).ToList();
        var alike = Enumerable.Range(0, 100).Select(_ => Recipient(6, 40)).ToList();

        var wide = PriorFitter.Fit(spread);
        var narrow = PriorFitter.Fit(alike);

        Assert.InRange(wide.Strength, 2, 30);
        Assert.True(narrow.Strength > wide.Strength * 3, $"{narrow.Strength} vs {wide.Strength}");
    }

    private static RecipientState Recipient(int successes, int trials)
    {
        var state = new RecipientState();
        for (var i = 0; i < trials; i++)
        {
            state.Observe(0, 20, engaged: i < successes, 20_000 + (i / 10)); // 10 a day: under the daily cap
        }

        state.DecayTo(20_000 + (trials / 10));
        return state;
    }
}

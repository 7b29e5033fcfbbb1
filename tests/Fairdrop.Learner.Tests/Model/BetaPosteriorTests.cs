using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Tests.Model;

public sealed class BetaPosteriorTests
{
    [Fact]
    public void Observe_SuccessesOfTrials_AddsToAlphaAndBetaInClosedForm()
    {
        var prior = BetaPosterior.FromMean(0.2, 10); // Beta(2, 8)

        var posterior = prior.Observe(successes: 3, trials: 5);

        Assert.Equal(2, prior.Alpha, 12);
        Assert.Equal(8, prior.Beta, 12);
        Assert.Equal(5, posterior.Alpha, 12);
        Assert.Equal(10, posterior.Beta, 12);
        Assert.Equal(5.0 / 15, posterior.Mean, 12);
        Assert.Equal(5.0 * 10 / (15 * 15 * 16), posterior.Variance, 12);
    }

    [Fact]
    public void Sample_ManyDraws_MatchClosedFormMeanAndVariance()
    {
        var posterior = new BetaPosterior(3, 17);
        var random = new LearnerRandom(7);
        var draws = Enumerable.Range(0, 200_000).Select(_ => posterior.Sample(ref random)).ToArray();
        var mean = draws.Average();
        var variance = draws.Sum(d => (d - mean) * (d - mean)) / (draws.Length - 1);

        Assert.Equal(posterior.Mean, mean, 3);
        Assert.Equal(posterior.Variance, variance, 4);
        Assert.All(draws, d => Assert.InRange(d, 0, 1));
    }

    [Fact]
    public void Sample_ShapeBelowOne_StaysInRangeWithTheRightMean()
    {
        var posterior = new BetaPosterior(0.3, 0.6);
        var random = new LearnerRandom(11);
        var draws = Enumerable.Range(0, 200_000).Select(_ => posterior.Sample(ref random)).ToArray();

        Assert.Equal(posterior.Mean, draws.Average(), 2);
        Assert.All(draws, d => Assert.InRange(d, 0, 1));
    }
}

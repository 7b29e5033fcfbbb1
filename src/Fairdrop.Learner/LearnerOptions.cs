using System.ComponentModel.DataAnnotations;

namespace Fairdrop.Learner;

/// <summary>The learner's settings, bound from <c>Fairdrop:Learner</c> (docs/learner.md).</summary>
public sealed class LearnerOptions
{
    public const string Section = "Fairdrop:Learner";

    /// <summary>Whether this node runs the learner's worker (incremental updates and the periodic refit).</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>How often the worker reads new engagement events and settles decisions past their useful life.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a merchant's priors are refitted from all its recipients (the batch job).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RefitInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>An offer without a deadline is worth engaging with for this long; it is also how far ahead such an offer is planned.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan UsefulLifeWithoutDeadline { get; set; } = TimeSpan.FromDays(1);

    /// <summary>What one SMS costs, as a share of one engagement's value (email, push and in-app cost nothing here).</summary>
    [Range(0, 1)]
    public double SmsCost { get; set; } = 0.02;

    /// <summary>Share of decisions that explore uniformly among the allowed alternatives; also bounds propensities from below.</summary>
    [Range(0.001, 0.5)]
    public double Exploration { get; set; } = 0.05;

    /// <summary>Thompson draws that estimate each recorded decision's propensity.</summary>
    [Range(16, 4096)]
    public int PropensityDraws { get; set; } = 128;
}

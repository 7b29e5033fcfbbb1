using Fairdrop.Core.Errors;
using Fairdrop.Gate.Language;
using Fairdrop.Gate.Recommendations.Analysis;

namespace Fairdrop.Gate.Recommendations.Adopting;

/// <summary>The recommendation service's stable error codes.</summary>
internal static class RecommendationErrors
{
    public const string InvalidMaxHumanCost = "invalid_max_human_cost";
    public const string InvalidCandidates = "invalid_candidates";
    public const string InvalidLabels = "invalid_labels";
    public const string InvalidRule = "invalid_rule";
    public const string RuleExists = "rule_exists";
    public const string AlreadyPromoted = "already_promoted";
    public const string RuleChanged = "rule_changed";

    public const int MaxLabelsPerCall = 10_000;

    public static readonly Error MaxHumanCost = Error.Of(ErrorKind.Validation, InvalidMaxHumanCost, "maxHumanCost must be more than 0 and at most 0.5 (a share of the labelled humans).", "maxHumanCost");

    public static readonly Error Candidates = Error.Of(ErrorKind.Validation, InvalidCandidates, $"candidates must be from 1 to {ImpactReplay.MaxRules}.", "candidates");

    public static readonly Error Labels = Error.Of(ErrorKind.Validation, InvalidLabels,
        $"Labels are 1 to {MaxLabelsPerCall} shoppers, each with a shopper key of 1 to 256 characters and no negative count.", "labels");

    public static readonly Error OneRule = Error.Of(ErrorKind.Validation, InvalidRule, "Send exactly one rule (the text of one recommendation).", "rule");

    public static Error Rule(RuleCompilation compilation) =>
        Error.Of(ErrorKind.Validation, InvalidRule, "The rule does not compile: " + compilation.Format("rule"), "rule");

    public static Error Exists(string name) => Error.Of(ErrorKind.Conflict, RuleExists, $"The gate already has a rule named '{name}'.", "rule");

    public static Error Promoted(string name) => Error.Of(ErrorKind.Conflict, AlreadyPromoted, $"The rule '{name}' was already promoted.");

    public static Error Changed(string name) =>
        Error.Of(ErrorKind.Conflict, RuleChanged, $"The running rules no longer hold '{name}' as it was accepted in shadow mode; edit the rules to promote it.");
}

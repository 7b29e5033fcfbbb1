using Fairdrop.Core.Errors;
using Fairdrop.Drops.Model;

namespace Fairdrop.Drops;

/// <summary>Checks a drop's settings, naming the first field that is wrong.</summary>
internal static class DropSpecValidator
{
    public static Error? Validate(DropSpec spec, DateTimeOffset windowOpensAt, DateTimeOffset closesAt, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(spec.Name) || spec.Name.Length > 200)
        {
            return Error.Validation("name", "A drop needs a name of 1 to 200 characters.");
        }

        if (string.IsNullOrWhiteSpace(spec.ProductId) || spec.ProductId.Length > 200)
        {
            return Error.Validation("productId", "A drop needs the product (variant) id it sells.");
        }

        return spec switch
        {
            { Units: < 1 or > 10_000_000 } => Error.Validation("units", "units must be between 1 and 10,000,000."),
            { MaxPerCustomer: < 1 } => Error.Validation("maxPerCustomer", "maxPerCustomer must be at least 1."),
            _ when spec.MaxPerCustomer > spec.Units => Error.Validation("maxPerCustomer", "maxPerCustomer cannot exceed units."),
            // A drop already open would reveal its seed at once, and its entry list would be sealed before anyone could enter.
            _ when spec.OpensAt <= now => Error.Validation("opensAt", "opensAt must be in the future."),
            _ when windowOpensAt > spec.OpensAt => Error.Validation("windowOpensAt", "The entry window must open before (or when) the drop opens."),
            _ when closesAt <= spec.OpensAt => Error.Validation("closesAt", "closesAt must be after opensAt."),
            { AdmitIntervalMs: < 0 or > 3_600_000 } => Error.Validation("admitIntervalMs", "admitIntervalMs must be between 0 and 3,600,000."),
            { TokenTtlMs: < 1_000 or > 3_600_000 } => Error.Validation("tokenTtlMs", "tokenTtlMs must be between 1,000 and 3,600,000."),
            { PriorityCap: < 0 or > 1 } => Error.Validation("priorityCap", "priorityCap is a share of units, between 0 and 1."),
            { BotPolicy: not (Drop.BotPolicyDelay or Drop.BotPolicyEndless) } => Error.Validation("botPolicy", "botPolicy is 'delay' or 'endless'."),
            { BotDelayMultiplier: < 1 or > 1_000_000 } => Error.Validation("botDelayMultiplier", "botDelayMultiplier must be at least 1."),
            { BotRiskThreshold: < 0 or > 1 } => Error.Validation("botRiskThreshold", "botRiskThreshold is a risk score between 0 and 1."),
            { Randomness: not (null or Drop.RandomnessBeacon or Drop.RandomnessCommitment) } => Error.Validation("randomness", "randomness is 'beacon' or 'commitment'."),
            { LateOrder: not (Drop.LateFirstComeFirstServed or Drop.LateRolling) } => Error.Validation("lateOrder", "lateOrder is 'fcfs' or 'rolling'."),
            { RollingWindowMs: < 100 or > 3_600_000 } => Error.Validation("rollingWindowMs", "rollingWindowMs must be between 100 and 3,600,000."),
            // Unverified entries place as suspected bots; under 'endless' they would be accepted only to be held forever.
            { AllowUnverifiedEntries: true, BotPolicy: Drop.BotPolicyEndless } =>
                Error.Validation("allowUnverifiedEntries", "Unverified entries are placed as suspected bots, which botPolicy 'endless' never admits; use 'delay'."),
            _ => null,
        };
    }
}

using Fairdrop.Core.Shoppers;

namespace Fairdrop.Drops;

/// <summary>
/// What an entry records about its shopper: the canonical id, how far it is trusted, where it came from, and the
/// evidence behind its flags, which the audit publishes. <see cref="AskGate"/>: a storefront entry whose shopper the
/// merchant's gate may have blocked or challenged lately, which is asked just before the entry is written.
/// </summary>
internal readonly record struct EntryFacts(
    string ShopperId, bool Priority, bool Bot, bool Verified, string Source, string? PriorityEvidence = null, string? BotEvidence = null, bool AskGate = false)
{
    /// <summary>One loop with the gate: a shopper it blocked or challenged lately enters as a suspected bot, the rule as evidence.</summary>
    public EntryFacts WithVerdict(GateVerdict? verdict)
    {
        if (verdict is null)
        {
            return this with { AskGate = false };
        }

        var evidence = FormattableString.Invariant($"the gate's {verdict.Decision} by rule '{verdict.Rule}' at {verdict.At:O}");
        return this with { Bot = true, BotEvidence = BotEvidence is null ? evidence : BotEvidence + "; " + evidence, AskGate = false };
    }
}

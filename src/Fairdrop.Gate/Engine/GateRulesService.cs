using Fairdrop.Core.Errors;
using Fairdrop.Gate.Hosting;
using Fairdrop.Gate.Language;
using Microsoft.Extensions.Options;

namespace Fairdrop.Gate.Engine;

/// <summary>
/// The rules of the gate this node runs, as its merchant manages them: checked (a few at a time, so a loop of large
/// files cannot take every thread), replaced (a rule set with errors never replaces the running one) and read.
/// The node's gate belongs to one merchant; for anyone else it does not exist.
/// </summary>
public sealed class GateRulesService(RuleSetHolder holder, RuleCheckSlots slots, IOptions<GateOptions> options)
{
    private static readonly Error Busy = new(
        ErrorCodes.RateLimited,
        $"At most {RuleLimits.MaxConcurrentChecksPerMerchant} rule checks run at once for a merchant (and no more than the server has cores in all); try again when one has finished.")
    {
        RetryAfter = TimeSpan.FromSeconds(1),
    };

    /// <summary>
    /// Type-checks the rule text against this gate's fields and functions, without emitting code. The text is read
    /// (<paramref name="readText"/>, up to a megabyte from a request body) only once a slot is taken, so a refused
    /// caller costs nothing.
    /// </summary>
    public async Task<Result<RuleCompilation>> CheckAsync(Guid merchantId, Func<CancellationToken, Task<string>> readText, CancellationToken cancellationToken)
    {
        using var slot = slots.TryEnter(merchantId);
        return slot is null ? Busy : RuleCompiler.Check(await readText(cancellationToken), holder.Context);
    }

    /// <summary>Compiles and, when it has no errors, installs the rule text; the compilation says which. Read as in <see cref="CheckAsync"/>, after the owner check.</summary>
    public async Task<Result<RuleCompilation>> ReplaceAsync(Guid merchantId, Func<CancellationToken, Task<string>> readText, CancellationToken cancellationToken)
    {
        if (merchantId != options.Value.MerchantId)
        {
            return Error.NotFound("The gate");
        }

        using var slot = slots.TryEnter(merchantId);
        return slot is null ? Busy : holder.TryReplace(await readText(cancellationToken), "api");
    }

    /// <summary>The running rule set.</summary>
    public Result<RuleSet> Current(Guid merchantId) => merchantId == options.Value.MerchantId ? holder.Current : Error.NotFound("The gate");
}

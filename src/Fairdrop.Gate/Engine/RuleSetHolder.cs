using Fairdrop.Gate.Language;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Gate.Engine;

/// <summary>
/// The current rule set, swapped atomically: requests in flight keep the set they started with,
/// and a file that fails to compile never replaces a good set.
/// </summary>
public sealed class RuleSetHolder(CompileContext context, GateMetrics metrics, ILogger<RuleSetHolder> logger)
{
    private RuleSet _current = RuleSet.Empty;

    public RuleSet Current => Volatile.Read(ref _current);

    public CompileContext Context => context;

    /// <summary>Compiles <paramref name="text"/> and, only if it has no errors, makes it current.</summary>
    public RuleCompilation TryReplace(string text, string origin)
    {
        var compilation = RuleCompiler.Compile(text, context);
        metrics.Reloaded(compilation.Success);
        if (compilation.RuleSet is { } set)
        {
            Volatile.Write(ref _current, set);
            GateLog.RulesApplied(logger, origin, set.Rules.Count, set.Version);
        }
        else
        {
            GateLog.RulesRejected(logger, origin, compilation.Errors.Count(), compilation.Format(origin));
        }

        return compilation;
    }
}

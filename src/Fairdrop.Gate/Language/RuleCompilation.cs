using Fairdrop.Gate.Engine;

namespace Fairdrop.Gate.Language;

/// <summary>The result of compiling a rule file: a rule set when there are no errors, and every diagnostic either way.</summary>
public sealed record RuleCompilation(RuleSet? RuleSet, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Success => RuleSet is not null;

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public string Format(string file) => string.Join('\n', Diagnostics.Select(d => d.Format(file)));
}

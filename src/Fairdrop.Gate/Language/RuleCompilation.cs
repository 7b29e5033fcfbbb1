using Fairdrop.Gate.Engine;

namespace Fairdrop.Gate.Language;

/// <summary>
/// The result of compiling or checking a rule file: every diagnostic, and when there are no errors
/// the version and rule count, and (when compiled, not only checked) the rule set.
/// </summary>
public sealed record RuleCompilation(RuleSet? RuleSet, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Success => !Diagnostics.Any(d => d.IsError);

    /// <summary>The first 12 hex digits of the text's SHA-256; null when there are errors.</summary>
    public string? Version { get; init; }

    /// <summary>The number of rules; 0 when there are errors.</summary>
    public int RuleCount { get; init; }

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public string Format(string file) => string.Join('\n', Diagnostics.Select(d => d.Format(file)));
}

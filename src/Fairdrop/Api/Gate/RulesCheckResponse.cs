using Fairdrop.Gate.Language;

namespace Fairdrop.Api.Gate;

/// <summary>The outcome of compiling rule text: whether it compiled, and every diagnostic.</summary>
internal sealed record RulesCheckResponse(bool Ok, string? Version, int Rules, IReadOnlyList<DiagnosticResponse> Diagnostics)
{
    public static RulesCheckResponse From(RuleCompilation compilation) => new(
        compilation.Success,
        compilation.Version,
        compilation.RuleCount,
        [.. compilation.Diagnostics.Select(d => new DiagnosticResponse(d.IsError ? "error" : "warning", d.Code, d.Message, d.Line, d.Column, d.Suggestion, d.Format("rules")))]);
}

namespace Fairdrop.Gate.Language;

/// <summary>Errors stop a rule set from being used; warnings do not.</summary>
public enum DiagnosticSeverity
{
    Warning,
    Error,
}

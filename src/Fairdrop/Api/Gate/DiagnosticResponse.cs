namespace Fairdrop.Api.Gate;

/// <summary>One diagnostic as the API returns it; <see cref="Text"/> is the compiler-style rendering with the caret.</summary>
internal sealed record DiagnosticResponse(string Severity, string Code, string Message, int Line, int Column, string? Suggestion, string Text);

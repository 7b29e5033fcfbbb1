namespace Fairdrop.Exchange.Templates;

/// <summary>Why a template cannot be used: a syntax error (Fluid's message carries line and column) or an unknown variable.</summary>
internal sealed record TemplateError(string Message);

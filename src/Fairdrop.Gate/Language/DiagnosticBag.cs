namespace Fairdrop.Gate.Language;

/// <summary>Collects diagnostics against one source text.</summary>
internal sealed class DiagnosticBag(SourceText source)
{
    // A hostile file cannot make the tooling print without end.
    private const int Max = 100;

    public List<Diagnostic> Items { get; } = [];

    public bool HasErrors => Items.Exists(d => d.IsError);

    public void Error(string code, int offset, string message, string? suggestion = null) =>
        Add(DiagnosticSeverity.Error, code, offset, message, suggestion);

    public void Warning(string code, int offset, string message, string? suggestion = null) =>
        Add(DiagnosticSeverity.Warning, code, offset, message, suggestion);

    private void Add(DiagnosticSeverity severity, string code, int offset, string message, string? suggestion)
    {
        if (Items.Count >= Max)
        {
            return;
        }

        var (line, column) = source.Position(offset);
        Items.Add(new Diagnostic(severity, code, message, line, column, source.LineText(line), suggestion));
    }
}
